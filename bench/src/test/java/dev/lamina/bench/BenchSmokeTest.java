package dev.lamina.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quick: the nets load, every engine agrees with ONNX Runtime, the table prints. No timing here. */
class BenchSmokeTest {
    @Test
    void everyEngineAgreesWithOnnxRuntimeOnEveryWorkload() {
        List<String> engines = BenchRunner.defaultEngines();
        assertTrue(engines.contains("blas"), engines.toString());
        assertTrue(engines.contains(Engine.ORT), engines.toString());
        for (Workload w : Workload.values()) {
            Workload.Loaded l = w.load();
            assertEquals(w.batch(), l.input().shape().dim(0));
            Map<String, Double> d = BenchRunner.diffs(l, engines);
            for (Map.Entry<String, Double> e : d.entrySet()) {
                assertTrue(e.getValue() < 1e-4, w + " " + e.getKey() + ": max |diff| vs ORT " + e.getValue());
            }
        }
    }

    @Test
    void anOnnxFileIsImportedAndAgreesWithOnnxRuntime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path onnx = dir.resolve("lenet.onnx");
        try (java.io.InputStream in = Workload.class.getResourceAsStream("nets/W1-lenet/model.onnx")) {
            java.nio.file.Files.copy(in, onnx);
        }
        ModelSpec spec = new ModelSpec(onnx, null, 3);
        Workload.Loaded l = Workload.load(spec.encode());
        assertEquals("lenet", l.name());
        assertEquals(3, l.batch());
        Map<String, Double> d = BenchRunner.diffs(l, List.of(Engine.ORT, "cpu", "blas"));
        assertEquals(3, d.size(), d.toString());
        for (Map.Entry<String, Double> e : d.entrySet()) {
            assertTrue(e.getValue() < 1e-4, "lenet.onnx " + e.getKey() + ": max |diff| vs ORT " + e.getValue());
        }
        IllegalArgumentException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(dir.resolve("none.onnx"), null, 1));
        assertTrue(missing.getMessage().contains("none.onnx"), missing.getMessage());
    }

    @Test
    void w2ConvFlopsAreAsTheIssueDefinesThem() {
        assertEquals(2.0 * 8 * 64 * 64 * 9 * 56 * 56, Workload.W2.load().convFlops(), 1);
    }

    @Test
    void tableShowsRatiosAndAllocation() {
        String t = BenchRunner.table(List.of(
                new BenchRunner.Row("W1", Engine.ORT, Engine.Mode.BEST, 2, 1, 330, 5, 193939, 100, 1, 0, 6000),
                new BenchRunner.Row("W1", "blas", Engine.Mode.COPY, 2, 4, 300, 5, 213333, 110, 0.909, 6e-8,
                        5000)));
        assertTrue(t.contains("0.91×"), t);
        assertTrue(t.contains("blas/copy"), t);
        assertTrue(t.contains("330.00 µs"), t);
        assertTrue(t.contains("6.0e-08"), t);
    }
}
