package dev.lamina.backend.blas;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.LayerNode;
import dev.lamina.core.LayerOutputs;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlasBackendTest {

    @Test
    void probeLoadsOpenBlasAndReportsThreads() {
        Availability a = new BlasBackendProvider().probe();
        assertTrue(a.available(), a.reason());
        assertTrue(a.reason().contains("OpenBLAS"), a.reason());
        assertEquals(BlasNative.configuredThreads(), BlasNative.load().threads());
    }

    @Test
    void stepTableCoversEveryLayerTypeWithTheMovesAsViews() {
        assertEquals(Set.of(Layer.class.getPermittedSubclasses()), BlasPlan.STEPS.types());
        Node flat = new Node("flat", new Flatten(), List.of("input"), List.of(Shape.of(2, 3, 3)), Shape.of(18),
                Map.of());
        assertTrue(BlasPlan.STEPS.isView(flat));
        assertTrue(new BlasBackend(1).supports(flat).supported());
        Node bn = new Node("bn", BatchNorm2d.of(), List.of("input"), List.of(Shape.of(2, 3, 3)), Shape.of(2, 3, 3),
                Map.of("weight", Tensor.of(Shape.of(2), new float[2]), "bias", Tensor.of(Shape.of(2), new float[2]),
                        BatchNorm2d.RUNNING_MEAN, Tensor.of(Shape.of(2), new float[2]),
                        BatchNorm2d.RUNNING_VAR, Tensor.of(Shape.of(2), new float[] {1, 1})));
        assertTrue(new BlasBackend(1).supports(bn).supported());
        assertFalse(BlasPlan.STEPS.isView(bn));
    }

    /** Every layer's output (plain steps) and the model output alone (fused steps) against the oracle. */
    static void check(Model m, int... batches) {
        Weights w = Weights.random(m, 42);
        try (CompiledModel cm = Blas.compile(m, w)) {
            for (int batch : batches) {
                Tensor x = Blas.random(m.inputShape(), batch, batch * 31L);
                Map<String, float[]> ref = Reference.run(m, w, x);
                LayerOutputs all = cm.forwardAll(x);
                for (LayerNode l : m.layers()) {
                    Blas.assertClose(m.name() + "/" + l.name() + " batch " + batch, ref.get(l.name()), all.get(l.name()));
                }
                Blas.assertClose(m.name() + " fused, batch " + batch, ref.get(m.output()), cm.forward(x));
            }
        }
    }

    @Test
    void notebookSizedNetRunsInJava() {
        check(Model.sequential("notebook", 1, 5, 6)
                .add("conv1", Conv2d.of(3, 2, 2)).add("relu1", new ReLU()).add("pool1", MaxPool2d.of(2, 2))
                .add("flat", new Flatten()).add("dense2", Dense.of(1)).add("out", new Sigmoid()).build(), 1, 2, 64);
    }

    @Test
    void lenetThroughSgemm() {
        check(Model.sequential("lenet", 1, 28, 28)
                .add("conv1", Conv2d.of(6, 5, 5)).add("relu1", new ReLU()).add("pool1", MaxPool2d.of(2, 2))
                .add("conv2", Conv2d.of(16, 5, 5)).add("relu2", new ReLU()).add("pool2", MaxPool2d.of(2, 2))
                .add("flat", new Flatten()).add("fc1", Dense.of(120)).add("relu3", new ReLU())
                .add("fc2", Dense.of(84)).add("relu4", new ReLU()).add("fc3", Dense.of(10)).add("out", new Sigmoid())
                .build(), 8, 1, 3, 70);
    }

    @Test
    void paddedDilatedConvWithPaddedPool() {
        check(Model.sequential("padded", 3, 13, 11)
                .add("conv1", new Conv2d(8, Dims2.of(3, 2), Dims2.of(1), Padding.of(2, 1), Dims2.of(2, 1), 1, true))
                .add("relu1", new ReLU())
                .add("pool1", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false))
                .add("conv2", Conv2d.of(5, 3, 3).withPadding(1, 1).withBias(false))
                .add("pool2", MaxPool2d.of(2, 2))
                .add("conv3", Conv2d.of(4, 1, 1)).add("tanh", new Tanh()).build(), 1, 5);
    }

    @Test
    void winogradConvsEvenOddPaddedPooled() {
        check(Model.sequential("winograd", 8, 14, 12)
                .add("conv1", Conv2d.of(16, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2))                       // tile-aligned pool
                .add("conv2", Conv2d.of(12, 3, 3)).add("relu2", new ReLU()) // odd 5×4 output, no pool
                .add("conv3", Conv2d.of(9, 3, 3).withPadding(2, 1).withBias(false))
                .add("pool3", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false)) // any other pool
                .build(), 1, 3);
        check(Model.sequential("w2-like", 16, 12, 12)
                .add("conv1", Conv2d.of(16, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2)).add("flat", new Flatten()).add("fc1", Dense.of(10))
                .add("out", new Sigmoid()).build(), 2, 5);
    }

    @Test
    void parityLayoutForConvsFusedWithATwoByTwoPool() {
        check(Model.sequential("parity", 3, 20, 18)
                .add("conv1", Conv2d.of(5, 3, 3).withPadding(1, 2)).add("relu1", new ReLU())   // 20 × 20
                .add("pool1", MaxPool2d.of(2, 2))
                .build(), 1, 4);
        check(Model.sequential("parity-dilated", 2, 24, 27)
                .add("conv1", new Conv2d(4, Dims2.of(3, 4), Dims2.of(1), Padding.of(2, 1), Dims2.of(2, 3), 1, false))
                .add("pool1", MaxPool2d.of(2, 2))                                                 // no ReLU
                .add("relu1", new ReLU())
                .build(), 2, 3);
    }

    @Test
    void stridedConvsReadTheirPhasePlanes() {
        check(Model.sequential("strided", 4, 17, 15)
                .add("conv1", Conv2d.of(16, 3, 3).withStride(2, 1).withPadding(1, 0)).add("relu1", new ReLU())
                .add("conv2", Conv2d.of(8, 2, 3).withStride(1, 3).withDilation(2, 1))
                .add("avg", new AvgPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), false, true))
                .add("soft", new Softmax()).build(), 1, 4);
    }

    @Test
    void graphWithAddConcatSoftmax() {
        GraphBuilder g = Model.graph("branches");
        GraphBuilder.Value x = g.input(3, 12, 12);
        GraphBuilder.Value a = g.apply("a", Conv2d.of(8, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value ar = g.apply("ar", new ReLU(), a);
        GraphBuilder.Value b = g.apply("b", Conv2d.of(8, 1, 1), x);
        GraphBuilder.Value sum = g.apply("sum", new Add(), ar, b, a);
        GraphBuilder.Value cat = g.apply("cat", new Concat(), sum, b);
        GraphBuilder.Value p = g.apply("pool", MaxPool2d.of(2, 2), cat);
        GraphBuilder.Value f = g.apply("flat", new Flatten(), p);
        GraphBuilder.Value d = g.apply("fc", Dense.of(7).withBias(false), f);
        GraphBuilder.Value s = g.apply("soft", new Softmax(), d);
        check(g.build(s), 1, 6);
    }

    @Test
    void nanPropagatesThroughReluAndPool() {
        Model m = Model.sequential("nan", 1, 4, 4).add("relu", new ReLU()).add("pool", MaxPool2d.of(2, 2)).build();
        float[] v = new float[16];
        v[0] = Float.NaN;
        v[5] = -1;
        try (CompiledModel cm = Blas.compile(m, Weights.none(m))) {
            Tensor y = cm.forward(Tensor.of(Shape.of(1, 1, 4, 4), v));
            assertTrue(Float.isNaN(y.at(0)));
            assertEquals(0f, y.at(1));
        }
    }

    @Test
    void infinitiesThroughWinogradMatchADirectConvolution() {
        Model m = Model.sequential("inf", 8, 6, 6)
                .add("conv1", Conv2d.of(8, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2)).build();
        Weights w = Weights.random(m, 3);
        Tensor x = Blas.random(m.inputShape(), 3, 9);
        float[] v = x.toArray();
        v[10] = Float.POSITIVE_INFINITY;
        v[300] = Float.NEGATIVE_INFINITY;
        v[700] = Float.NaN;
        Tensor y = Tensor.of(x.shape(), v);
        Map<String, float[]> ref = Reference.run(m, w, y);
        try (CompiledModel cm = Blas.compile(m, w)) {
            LayerOutputs all = cm.forwardAll(y);
            for (LayerNode l : m.layers()) {
                Blas.assertClose("inf/" + l.name(), ref.get(l.name()), all.get(l.name()));
            }
            Blas.assertClose("inf fused", ref.get("pool1"), cm.forward(y));
        }
    }

    @Test
    void wrongInputIsAClearErrorNotANativeFault() {
        Model m = Model.sequential("lenet1", 1, 28, 28).add("conv1", Conv2d.of(6, 5, 5)).build();
        try (CompiledModel cm = Blas.compile(m, Weights.random(m, 1))) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> cm.forward(Tensor.zeros(Shape.of(2, 3, 28, 28))));
            assertTrue(e.getMessage().contains("conv1"), e.getMessage());
        }
    }

    @Test
    void aClosedPlanRefusesToRun() {
        Model m = Model.sequential("closed", 1, 8, 8).add("conv1", Conv2d.of(6, 3, 3)).build();
        CompiledModel cm = Blas.compile(m, Weights.random(m, 1));
        Tensor x = Blas.random(m.inputShape(), 2, 1);
        cm.forward(x);
        cm.close();
        cm.close();
        assertThrows(IllegalStateException.class, () -> cm.forward(x));
    }
}
