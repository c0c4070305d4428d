package dev.lamina.api;

import java.util.List;

/**
 * Softmax over the features: PyTorch's {@code nn.Softmax(dim=1)} on a batch, i.e. over the first
 * per-sample axis (features of a flat input, channels of an image). Numerically stable: the maximum is
 * subtracted first, so logits around ±1000 neither overflow nor vanish.
 */
public record Softmax() implements Layer {
    @Override
    public String type() {
        return "softmax";
    }

    @Override
    public String displayName() {
        return "Softmax";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
