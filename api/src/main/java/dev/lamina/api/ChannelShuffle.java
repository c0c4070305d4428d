package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.ChannelShuffle(groups)} (ShuffleNet): the channels, seen as {@code [groups, C/groups]},
 * transposed to {@code [C/groups, groups]}; output channel {@code j·groups + g} is input channel
 * {@code g·(C/groups) + j}. The input is {@code [C, ...]} with at least 2 axes and C divisible by groups.
 */
public record ChannelShuffle(int groups) implements Layer {
    public ChannelShuffle {
        if (groups <= 0) {
            throw new IllegalArgumentException("channel_shuffle: groups must be positive, got " + groups);
        }
    }

    @Override
    public String type() {
        return "channel_shuffle";
    }

    @Override
    public String displayName() {
        return "ChannelShuffle";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        Shape in = Layer.single(name, this, inputs);
        if (in.rank() < 2) {
            throw new ShapeException(name + ": channel_shuffle expects a [channels, ...] input with at least 2 axes,"
                    + " got " + in);
        }
        if (in.dim(0) % groups != 0) {
            throw new ShapeException(name + ": " + in.dim(0) + " channels are not divisible by groups " + groups
                    + " (input " + in + ")");
        }
        return in;
    }
}
