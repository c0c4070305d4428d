package dev.lamina.bench;

import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.ModelException;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code forwardInto} with wrapped inputs: same values as {@code forward}, from many threads; bad destinations. */
class ForwardIntoTest {
    @Test
    void manyCallersEachWithTheirOwnBuffersGetForwardsValues() throws Exception {
        Workload.Loaded l = Workload.W1.load();
        for (String backend : List.of("cpu", "blas")) {
            try (CompiledModel m = Lamina.compile(l.model(), l.weights(), backend)) {
                float[] want = m.forward(l.input()).toArray();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<float[]>> got = new ArrayList<>();
                    for (int c = 0; c < 4; c++) {
                        got.add(pool.submit(() -> {
                            Tensor in = Tensor.wrap(l.input().shape(), Engine.direct(l.input().toArray()));
                            float[] out = new float[want.length];
                            for (int i = 0; i < 20; i++) {
                                m.forwardInto(in, out);
                            }
                            return out;
                        }));
                    }
                    for (Future<float[]> f : got) {
                        assertArrayEquals(want, f.get(), backend);
                    }
                } finally {
                    pool.shutdown();
                }
                // into a direct buffer at its position, which does not move
                FloatBuffer out = Engine.direct(new float[want.length + 3]);
                out.position(3);
                m.forwardInto(l.input(), out);
                assertEquals(3, out.position());
                assertEquals(want[want.length - 1], out.get(want.length + 2), backend);
                assertEquals(want[0], out.get(3), backend);
            }
        }
    }

    @Test
    void aDestinationTooSmallOrReadOnlyIsAnErrorNamingTheOutput() {
        Workload.Loaded l = Workload.W1.load();
        try (CompiledModel m = Lamina.compile(l.model(), l.weights(), "blas")) {
            ModelException small = assertThrows(ModelException.class, () -> m.forwardInto(l.input(), new float[10]));
            assertEquals(l.model().output() + ": the output [64, 10] holds 640 values, the destination has room for 10",
                    small.getMessage());
            ModelException ro = assertThrows(ModelException.class,
                    () -> m.forwardInto(l.input(), FloatBuffer.allocate(640).asReadOnlyBuffer()));
            assertEquals(l.model().output() + ": the output [64, 10] holds 640 values, the destination is read-only",
                    ro.getMessage());
        }
    }
}
