package dev.lamina.backend.blas;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.reference.ReferenceImplementation;
import dev.lamina.conformance.reference.ReferenceRun;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubsampleLoweringTest {

    /** The fused plan's one conv step for {@code m}, and its output on {@code x} at {@code threads}. */
    private static float[] run(Model m, Weights w, Tensor x, int threads, boolean on) {
        // without the Vector API kernels (the default test run) the conv stays on im2col
        boolean expectSubsample = on && JavaKernels.get().fastGemm() && JavaKernels.get().rowTile() > 0;
        try (BlasPlan plan = (BlasPlan) new BlasBackend(threads).compile(Blas.graph(m, w))) {
            assertEquals(expectSubsample, plan.convSteps().get(0).lowering instanceof SubsampleLowering,
                    m.name() + ": " + plan.convSteps().get(0).lowering.getClass().getSimpleName());
            return plan.run(Map.of("input", x), Set.of(m.output())).get(m.output()).toArray();
        }
    }

    /**
     * ResNet's downsample (1×1, stride 2, BatchNorm folded) and its variants — odd maps (the last pixel of an
     * odd row, the last odd row), filters in whole tiles and with rows past them, a bias and a ReLU — run on the
     * subsampling lowering: within the reference's tolerance at batches 1 and 3, the same bits at one, two and
     * three threads, and, with the lowering switched off, close to im2col's (on the Vector API kernels; without
     * them the same checks of im2col, whose OpenBLAS sums may differ by a rounding across threads).
     */
    @Test
    void strideTwoPointwiseConvsGatherTheirPixels() {
        int[][] shapes = {{16, 12, 14, 32, 0}, {8, 7, 9, 12, 1}, {24, 11, 10, 8, 1}, {64, 28, 28, 128, 0}};
        for (int[] sh : shapes) {
            dev.lamina.core.SequentialBuilder b = Model.sequential("subsample-" + sh[0] + "x" + sh[1] + "x" + sh[2] + "-" + sh[3],
                    sh[0], sh[1], sh[2]);
            Model m = sh[4] == 1
                    ? b.add("conv", Conv2d.of(sh[3], 1, 1).withStride(2, 2)).add("relu", new ReLU()).build()
                    : b.add("conv", Conv2d.of(sh[3], 1, 1).withStride(2, 2).withBias(false))
                            .add("bn", BatchNorm2d.of()).build();
            Weights w = Weights.random(m, 7);
            for (int batch : new int[] {1, 3}) {
                Tensor x = Blas.random(m.inputShape(), batch, 11L * batch);
                float[] one = run(m, w, x, 1, true);
                ReferenceRun ref = ReferenceImplementation.run(m, w, x);
                LayerCheck c = LayerCheck.compare(m.output(), ref.output(m.output()),
                        Tensor.of(m.outputShape().withBatch(batch), one), ref.tolerance(m.output()));
                assertTrue(c.passed(), m.name() + ", batch " + batch + ": " + c.describe());
                for (int threads : new int[] {2, 3}) {
                    float[] split = run(m, w, x, threads, true);
                    if (JavaKernels.get().fastGemm()) {
                        assertArrayEquals(one, split, 0f, m.name() + ", " + threads + " threads");
                    }
                }
                System.setProperty(SubsampleLowering.PROPERTY, "false");
                try {
                    float[] im2col = run(m, w, x, 1, false);
                    for (int i = 0; i < one.length; i++) {
                        assertEquals(im2col[i], one[i], 1e-5f * Math.max(1f, Math.abs(im2col[i])), m.name() + " [" + i + "]");
                    }
                } finally {
                    System.clearProperty(SubsampleLowering.PROPERTY);
                }
            }
        }
    }
}
