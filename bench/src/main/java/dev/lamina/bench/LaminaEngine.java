package dev.lamina.bench;

import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;

/** A Lamina backend: {@code forward(Tensor)} → a new output tensor, as a user calls it. */
final class LaminaEngine implements Engine {
    private final CompiledModel model;
    private final Tensor input;

    LaminaEngine(String backend, Workload.Loaded w) {
        this.model = Lamina.compile(w.model(), w.weights(), backend);
        this.input = w.input();
    }

    @Override
    public Tensor infer() {
        return model.forward(input);
    }

    @Override
    public float[] output() {
        return infer().toArray();
    }

    @Override
    public void close() {
        model.close();
    }
}
