package dev.lamina.conformance.cases;

import dev.lamina.api.Layer;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded fixtures: every random number in the kit comes from {@link Random} with a fixed seed, so a case
 * computes the same values on every machine and a failure can be replayed from its id alone.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Values uniform in [lo, hi). */
    static Tensor uniform(Shape shape, long seed, double lo, double hi) {
        Random rnd = new Random(seed);
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return Tensor.adopt(shape, v);
    }

    /** A batch of {@code batch} samples of {@code chw}, uniform in [−1, 1). */
    static Tensor input(int batch, long seed, int... chw) {
        return uniform(Shape.of(chw).withBatch(batch), seed, -1, 1);
    }

    /** The same values with some replaced: {@code at} and {@code values} pair up, flat indices. */
    static Tensor with(Tensor t, int[] at, float[] values) {
        float[] v = t.toArray();
        for (int i = 0; i < at.length; i++) {
            v[at[i]] = values[i];
        }
        return Tensor.adopt(t.shape(), v);
    }

    /** A model of one layer, named {@code layerName}, on inputs of shape {@code chw}. */
    static Model single(String name, String layerName, Layer layer, int... chw) {
        return Model.sequential(name, chw).add(layerName, layer).build();
    }

    /** A one-layer model with seeded weights (PyTorch's default init range) and a uniform input. */
    static Supplier<Fixture> layer(String name, Layer layer, int batch, long seed, int... chw) {
        return () -> {
            Model m = single(name, layer.type(), layer, chw);
            return new Fixture(m, Weights.random(m, seed), input(batch, seed + 1, chw));
        };
    }

    /** A one-layer model on a given input batch. */
    static Supplier<Fixture> layerOn(String name, Layer layer, Supplier<Tensor> input) {
        return () -> {
            Tensor in = input.get();
            Model m = single(name, layer.type(), layer, in.shape().dropFirst().dims());
            return new Fixture(m, Weights.random(m, 7), in);
        };
    }

    /** A model with seeded weights and a uniform input batch. */
    static Supplier<Fixture> model(Supplier<Model> model, int batch, long seed) {
        return () -> {
            Model m = model.get();
            return new Fixture(m, Weights.random(m, seed), input(batch, seed + 1, m.inputShape().dims()));
        };
    }

    /** A model with seeded weights on a given input batch. */
    static Supplier<Fixture> model(Supplier<Model> model, Supplier<Tensor> input) {
        return () -> {
            Model m = model.get();
            return new Fixture(m, Weights.random(m, 7), input.get());
        };
    }
}
