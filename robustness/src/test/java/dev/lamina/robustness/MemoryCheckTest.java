package dev.lamina.robustness;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.MemoryException;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory check on cpu (the JVM heap) and blas (JavaCPP's native limit, by default the maximum heap), in
 * this module's 768 MB test JVM: too large a model fails when compiled, too large a batch when called, each
 * before anything is allocated, and the compiled model keeps working for batches that fit.
 */
class MemoryCheckTest {
    @ParameterizedTest
    @CsvSource({"cpu, the JVM heap, -Xmx", "blas, blas native memory (JavaCPP), -Dorg.bytedeco.javacpp.maxBytes"})
    void aModelWhoseBatchOfOneDoesNotFitFailsWhenCompiled(String backend, String pool, String knob) {
        Model big = Model.sequential("big", 1, 4000, 4000).add("conv1", Conv2d.of(64, 1, 1)).build();
        MemoryException e = assertThrows(MemoryException.class,
                () -> Lamina.compile(big, Weights.random(big, 1), backend));
        assertTrue(e.getMessage().startsWith("conv1: its output [1, 64, 4000, 4000] takes 3.8 GiB, and a batch of 1"
                + " of model big needs "), e.getMessage());
        assertTrue(e.getMessage().contains(" of " + pool + ", which has "), e.getMessage());
        assertTrue(e.getMessage().contains(": raise " + knob), e.getMessage());
        assertTrue(e.neededBytes() > 4L * 64 * 4000 * 4000, "at least the conv's output: " + e.neededBytes());
    }

    @ParameterizedTest
    @CsvSource({"cpu, the JVM heap", "blas, blas native memory (JavaCPP)"})
    void aBatchThatDoesNotFitFailsBeforeTheCallAndTheModelGoesOn(String backend, String pool) {
        Model m = Model.sequential("wide", 1, 256, 256).add("conv1", Conv2d.of(8, 3, 3).withPadding(1, 1)).build();
        try (CompiledModel cm = Lamina.compile(m, Weights.random(m, 2), backend)) {
            Tensor two = Tensor.zeros(Shape.of(2, 1, 256, 256));
            assertEquals(Shape.of(2, 8, 256, 256), cm.forward(two).shape());
            // 400 samples: 2 MiB of output each and as much again for its buffer, over 1.5 GiB in all
            MemoryException e = assertThrows(MemoryException.class,
                    () -> cm.forward(Tensor.zeros(Shape.of(400, 1, 256, 256))));
            assertTrue(e.getMessage().startsWith("conv1: its output [400, 8, 256, 256] takes 800.0 MiB, and a batch"
                    + " of 400 of model wide needs "), e.getMessage());
            assertTrue(e.getMessage().contains(" of " + pool + ", which has "), e.getMessage());
            assertTrue(e.getMessage().endsWith(" or use a smaller batch"), e.getMessage());
            assertEquals(Shape.of(2, 8, 256, 256), cm.forward(two).shape());
        }
    }
}
