package dev.lamina.backend.blas;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Compiler;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: compile on blas, random inputs, tolerant comparison. */
final class Blas {
    static final Compiler COMPILER = new Compiler(BackendRegistry.of(List.of(new BlasBackendProvider())),
            new BackendConfig(Optional.empty(), "", Optional.empty()));

    private Blas() {
    }

    static CompiledModel compile(Model m, Weights w) {
        return COMPILER.compile(m, w, "blas");
    }

    /** The model as the SPI graph a backend compiles, for tests that call a plan directly. */
    static Graph graph(Model m, Weights w) {
        List<Node> nodes = new ArrayList<>();
        for (LayerNode l : m.layers()) {
            nodes.add(new Node(l.name(), l.layer(), l.inputs(), l.inputShapes(), l.outputShape(), w.of(l.name())));
        }
        return new Graph(List.of(new GraphInput("input", m.inputShape())), nodes);
    }

    static Tensor random(Shape perSample, int batch, long seed) {
        Random r = new Random(seed);
        float[] v = new float[batch * perSample.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(perSample.withBatch(batch), v);
    }

    static void assertClose(String what, float[] expected, Tensor actual) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, what + ": size");
        for (int i = 0; i < a.length; i++) {
            float e = expected[i];
            if (Float.isNaN(e) != Float.isNaN(a[i])) {
                fail(what + "[" + i + "]: expected " + e + ", got " + a[i]);
            }
            if (Math.abs(e - a[i]) > 1e-4f + 1e-4f * Math.abs(e)) {
                fail(what + "[" + i + "]: expected " + e + ", got " + a[i] + " (shape " + actual.shape() + ")");
            }
        }
    }
}
