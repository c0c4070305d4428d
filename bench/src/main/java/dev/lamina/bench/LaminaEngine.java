package dev.lamina.bench;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;

/**
 * A Lamina backend. {@link Engine.Mode#BEST}: {@code forwardInto(Tensor.wrap(direct buffer), float[])}, no copy
 * of the input into a tensor and no output allocated; {@link Engine.Mode#COPY}: {@code forward(Tensor.of(shape,
 * float[]))} and the output copied into a new array.
 */
final class LaminaEngine implements Engine {
    private final CompiledModel model;
    private final Shape inputShape;
    private final float[] input;

    LaminaEngine(String backend, Workload.Loaded w) {
        this.model = Lamina.compile(w.model(), w.weights(), backend);
        this.inputShape = w.input().shape();
        this.input = w.input().toArray();
    }

    @Override
    public Caller caller(Mode mode) {
        if (mode == Mode.COPY) {
            return () -> model.forward(Tensor.of(inputShape, input)).toArray();
        }
        Tensor wrapped = Tensor.wrap(inputShape, Engine.direct(input));
        float[] out = new float[model.outputShape(inputShape.dim(0)).size()];
        return () -> {
            model.forwardInto(wrapped, out);
            return out;
        };
    }

    @Override
    public void close() {
        model.close();
    }
}
