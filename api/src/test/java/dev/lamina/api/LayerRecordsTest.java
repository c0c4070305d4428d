package dev.lamina.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 0.2 layer records: PyTorch's shape rules, and errors that name the layer and the numbers. */
class LayerRecordsTest {
    private static final Shape IMG = Shape.of(6, 8, 8);

    private static void fails(String message, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(message, e.getMessage());
    }

    private static Shape out(Layer l, Shape... in) {
        return l.outputShape("x", List.of(in));
    }

    @Test
    void convGroupsMustDivideFiltersAndInputChannels() {
        fails("conv2d: filters 4 must be divisible by groups 3", () -> Conv2d.of(4, 3, 3).withGroups(3));
        fails("conv2d: groups must be positive, got 0", () -> Conv2d.of(4, 3, 3).withGroups(0));
        fails("conv2: 6 input channels are not divisible by groups 4 (input [6, 8, 8])",
                () -> Conv2d.of(8, 3, 3).withGroups(4).outputShape("conv2", List.of(IMG)));
        Conv2d dw = Conv2d.of(6, 3, 3).withGroups(6).withPadding(1, 1);
        assertTrue(dw.depthwise(6));
        assertFalse(Conv2d.of(12, 3, 3).withGroups(6).depthwise(6));
        assertEquals(Shape.of(6, 1, 3, 3), dw.parameterShapes(List.of(IMG)).get("weight"));
        assertEquals(Shape.of(6, 8, 8), out(dw, IMG));
    }

    @Test
    void paddingInItsFourFormsAndPyTorchsSameRule() {
        assertEquals(new Padding(2, 1, 2, 1), Padding.of(2, 1));
        assertEquals("[2, 1]", Padding.of(2, 1).toString());
        assertEquals("[0, 1, 2, 3]", new Padding(0, 1, 2, 3).toString());
        fails("padding cannot be negative, got [0, -1, 0, 0] (top, left, bottom, right)", () -> new Padding(0, -1, 0, 0));
        // torch: Conv2d(1, 1, (4, 3), padding='same', dilation=(1, 2)) keeps 5×6: 3 rows and 4 columns in all
        Padding same = Padding.same(Dims2.of(4, 3), Dims2.of(1, 2));
        assertEquals(new Padding(1, 2, 2, 2), same);
        assertEquals(Shape.of(1, 5, 6), out(new Conv2d(1, Dims2.of(4, 3), Dims2.of(1), same, Dims2.of(1, 2), 1, true),
                Shape.of(1, 5, 6)));
        assertEquals(Shape.of(2, 7, 9), out(Conv2d.of(2, 3, 3).withPadding(new Padding(0, 1, 2, 1)), Shape.of(1, 7, 9)));
    }

    @Test
    void ceilModeFollowsPyTorchsLastWindowRule() {
        // sizes from torch 1.13: nn.MaxPool2d(2, 2, padding=1, ceil_mode=True) on 5×5 gives 3×3 (a 4th window
        // would start in the right padding), nn.MaxPool2d(3, 2, ceil_mode=True) on 14×14 gives 7×7
        MaxPool2d p = new MaxPool2d(Dims2.of(2), Dims2.of(2), Padding.of(1), Dims2.of(1), true);
        assertEquals(Shape.of(1, 3, 3), out(p, Shape.of(1, 5, 5)));
        assertEquals(Shape.of(1, 7, 7), out(MaxPool2d.of(3, 3).withStride(2, 2).withCeilMode(true), Shape.of(1, 14, 14)));
        assertEquals(Shape.of(1, 6, 6), out(MaxPool2d.of(3, 3).withStride(2, 2), Shape.of(1, 14, 14)));
        assertEquals(Shape.of(1, 4, 3), out(MaxPool2d.of(2, 2).withCeilMode(true), Shape.of(1, 7, 5)));
        // nn.MaxPool2d(3, 2, padding=1, dilation=2, ceil_mode=True) on 8×7 gives 4×3
        assertEquals(Shape.of(1, 4, 3), out(new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(2), true),
                Shape.of(1, 8, 7)));
        assertEquals(Shape.of(1, 3, 3), out(AvgPool2d.of(3, 3).withStride(2, 2).withCeilMode(true), Shape.of(1, 6, 6)));
    }

    @Test
    void poolPaddingIsAtMostHalfTheKernelOnEverySide() {
        fails("maxpool2d: padding [0, 0, 2, 0] must be at most half the kernel [3, 3]",
                () -> MaxPool2d.of(3, 3).withPadding(new Padding(0, 0, 2, 0)));
        fails("avgpool2d: padding [2, 1] must be at most half the kernel [2, 2]", () -> AvgPool2d.of(2, 2).withPadding(Padding.of(2, 1)));
        fails("maxpool2d: dilation must be positive, got [0, 1]", () -> MaxPool2d.of(2, 2).withDilation(0, 1));
        fails("p: pool window of 5 does not fit height 3 of input [1, 3, 9] with padding 0 + 0 (output would be empty)",
                () -> MaxPool2d.of(3, 3).withDilation(2, 1).outputShape("p", List.of(Shape.of(1, 3, 9))));
    }

    @Test
    void batchNormParametersAndTheirTrainability() {
        BatchNorm2d bn = BatchNorm2d.of();
        assertEquals(List.of("weight", "bias", "running_mean", "running_var"),
                List.copyOf(bn.parameterShapes(List.of(IMG)).keySet()));
        assertEquals(List.of("running_mean", "running_var"),
                List.copyOf(new BatchNorm2d(1e-3, false).parameterShapes(List.of(IMG)).keySet()));
        assertTrue(bn.trainable("weight"));
        assertFalse(bn.trainable("running_var"));
        assertTrue(bn.initialisation("running_var", bn.parameterShapes(List.of(IMG))).low() > 0);
        fails("batchnorm2d: eps cannot be negative, got -1.0E-5", () -> new BatchNorm2d(-1e-5, true));
        fails("batchnorm2d: eps must be a finite number, got NaN", () -> new BatchNorm2d(Double.NaN, true));
        fails("bn: expected a [channels, height, width] input, got [6] (a flat input cannot feed a 2-D layer)",
                () -> bn.outputShape("bn", List.of(Shape.of(6))));
    }

    @Test
    void activationParametersAreChecked() {
        fails("hardtanh: min 6.0 must be less than max 0.0", () -> new Hardtanh(6, 0));
        fails("hardtanh: min 1.0 must be less than max 1.0", () -> new Hardtanh(1, 1));
        fails("hardtanh: max must be a finite number, got NaN", () -> new Hardtanh(0, Float.NaN));
        fails("leaky_relu: slope must be a finite number, got Infinity", () -> new LeakyReLU(Float.POSITIVE_INFINITY));
        fails("elu: alpha must be a finite number, got NaN", () -> new ELU(Float.NaN));
        fails("gelu: approximate must be \"none\" or \"tanh\", got \"erf\"", () -> new GELU("erf"));
        fails("dropout: p must be in [0, 1], got 1.5", () -> new Dropout(1.5));
        assertEquals(new Hardtanh(0, 6), Hardtanh.relu6());
        assertEquals(1f / 6, Hardsigmoid.of().alpha());
    }

    @Test
    void broadcastingAddAndMul() {
        Shape gate = Shape.of(6, 1, 1);
        assertEquals(IMG, out(new Mul(), IMG, gate));
        assertEquals(IMG, out(new Mul(), gate, IMG));
        assertEquals(IMG, out(new Add(), gate, IMG, IMG));
        assertEquals(gate, out(new Add(), gate, gate));
        fails("m: expected every input to have shape [6, 8, 8] (or [6, 1, 1] to broadcast), got [3, 1, 1] at input 1",
                () -> new Mul().outputShape("m", List.of(IMG, Shape.of(3, 1, 1))));
        fails("m: mul takes exactly 2 inputs, got 3", () -> new Mul().outputShape("m", List.of(IMG, IMG, IMG)));
        fails("a: expected every input to have shape [6, 8, 8] (or [6, 1, 1] to broadcast), got [6, 8, 1] at input 1",
                () -> new Add().outputShape("a", List.of(IMG, Shape.of(6, 8, 1))));
    }

    @Test
    void adaptivePoolsShuffleSliceAndPad() {
        assertEquals(Shape.of(6, 1, 1), out(AdaptiveAvgPool2d.of(1, 1), IMG));
        assertEquals(Shape.of(6, 3, 5), out(AdaptiveMaxPool2d.of(3, 5), IMG));
        fails("adaptive_avgpool2d: output must be positive, got [0, 1]", () -> AdaptiveAvgPool2d.of(0, 1));
        assertEquals(IMG, out(new ChannelShuffle(3), IMG));
        fails("s: 6 channels are not divisible by groups 4 (input [6, 8, 8])",
                () -> new ChannelShuffle(4).outputShape("s", List.of(IMG)));
        fails("s: channel_shuffle expects a [channels, ...] input with at least 2 axes, got [6]",
                () -> new ChannelShuffle(2).outputShape("s", List.of(Shape.of(6))));
        assertEquals(Shape.of(3, 8, 8), out(new Slice(0, 3, 6), IMG));
        assertEquals(Shape.of(6, 8, 2), out(new Slice(2, 1, 3), IMG));
        fails("slice: expected 0 <= start < end, got start 3, end 3", () -> new Slice(0, 3, 3));
        fails("x: slice [4, 7) does not fit axis 0 of size 6 (input [6, 8, 8])", () -> out(new Slice(0, 4, 7), IMG));
        fails("x: slice axis 3 does not exist in input [6, 8, 8] (axes 0 to 2)", () -> out(new Slice(3, 0, 1), IMG));
        assertEquals(Shape.of(6, 11, 13), out(new ZeroPad2d(new Padding(1, 2, 2, 3)), IMG));
    }
}
