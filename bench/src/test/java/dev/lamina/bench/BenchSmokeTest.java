package dev.lamina.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quick: the nets load, every engine agrees with ONNX Runtime, the table prints. No timing here. */
class BenchSmokeTest {
    @Test
    void everyEngineAgreesWithOnnxRuntimeOnEveryShippedWorkload() {
        List<String> engines = BenchRunner.defaultEngines();
        assertTrue(engines.contains("blas"), engines.toString());
        assertTrue(engines.contains(Engine.ORT), engines.toString());
        for (Workload w : List.of(Workload.W0, Workload.W1, Workload.W2)) {
            Workload.Loaded l = w.load();
            assertEquals(w.batch(), l.input().shape().dim(0));
            Map<String, Double> d = BenchRunner.diffs(l, engines);
            for (Map.Entry<String, Double> e : d.entrySet()) {
                assertTrue(e.getValue() < 1e-4, w + " " + e.getKey() + ": max |diff| vs ORT " + e.getValue());
            }
        }
    }

    /**
     * ResNet-18 and MobileNetV2: generated (weights, input and the ONNX twin written by OnnxExport), every
     * engine agrees with ONNX Runtime on the twin, within 1e-4·max(1, max|y|). Batch 1 as the workload runs it;
     * the batch-8 workloads load with 8 different samples, and are checked on their first 2 (the twin's batch
     * is symbolic, so the same file runs both).
     */
    @Test
    void everyEngineAgreesWithOnnxRuntimeOnTheGeneratedNets() {
        List<String> engines = BenchRunner.defaultEngines();
        for (Workload w : List.of(Workload.W3, Workload.W4, Workload.W5, Workload.W6)) {
            Workload.Loaded l = w.load();
            assertEquals(w.batch(), l.batch(), w.toString());
            Workload.Loaded small = l;
            if (l.batch() > 2) {
                float[] x = l.input().toArray();
                int per = x.length / l.batch();
                assertTrue(!java.util.Arrays.equals(x, 0, per, x, per, 2 * per), w + ": samples 0 and 1 are the same");
                small = new Workload.Loaded(l.name(), l.model(), l.weights(), Workload.batchOf(l.input(), 2), l.onnx(),
                        Workload.convFlops(l.model(), 2));
            }
            float[] ort;
            try (Engine e = Engine.create(Engine.ORT, small, 1)) {
                ort = e.output();
            }
            double scale = 1;
            for (float v : ort) {
                scale = Math.max(scale, Math.abs(v));
            }
            Map<String, Double> d = BenchRunner.diffs(small, engines);
            assertEquals(engines.size(), d.size(), d.toString());
            for (Map.Entry<String, Double> e : d.entrySet()) {
                assertTrue(e.getValue() <= 1e-4 * scale, w + " " + e.getKey() + ": max |diff| vs ORT " + e.getValue()
                        + ", max |y| " + scale);
            }
        }
    }

    /**
     * The seeded weights keep the signal: outputs finite, spread over the classes, and different for different
     * inputs (with PyTorch's default gain MobileNetV2's two outputs differed by 1.2e-7: the input was lost).
     */
    @Test
    void theGeneratedNetsAreNotDegenerate() {
        for (GeneratedNet net : GeneratedNet.values()) {
            dev.lamina.core.Model m = net.model();
            Workload.Loaded l = new Workload.Loaded(net.dir(), m, net.weights(m), net.input(m, 2),
                    dev.lamina.onnx.OnnxExport.write(m, net.weights(m)), 0);
            float[] y;
            try (Engine e = Engine.create(Engine.ORT, l, 1)) {
                y = e.output();
            }
            int classes = y.length / 2;
            assertEquals(1000, classes, net.toString());
            double max = 0;
            double sum = 0;
            double sq = 0;
            double apart = 0;
            for (int i = 0; i < classes; i++) {
                assertTrue(Float.isFinite(y[i]) && Float.isFinite(y[classes + i]), net + ": output " + i);
                max = Math.max(max, Math.abs(y[i]));
                sum += y[i];
                sq += (double) y[i] * y[i];
                apart = Math.max(apart, Math.abs(y[i] - y[classes + i]));
            }
            double std = Math.sqrt(sq / classes - (sum / classes) * (sum / classes));
            String what = net + ": max |y| " + max + ", std over classes " + std + ", max |y0 - y1| " + apart;
            System.err.println(what);
            assertTrue(max < 100 && std > 0.1, what);
            assertTrue(apart > 1e-2, what);
        }
    }

    @Test
    void theGeneratedArchitecturesAreTorchvisions() {
        // torchvision's parameter counts (sum of p.numel() over parameters(): BN running statistics are buffers)
        assertEquals(11_689_512, trainable(GeneratedNet.RESNET18.model()), "resnet18");
        assertEquals(3_504_872, trainable(GeneratedNet.MOBILENETV2.model()), "mobilenet_v2");
        assertEquals(153, GeneratedNet.MOBILENETV2.model().layers().size());
    }

    private static long trainable(dev.lamina.core.Model m) {
        long n = 0;
        for (dev.lamina.core.LayerNode l : m.layers()) {
            for (Map.Entry<String, dev.lamina.api.Shape> p : l.parameterShapes().entrySet()) {
                if (l.layer().trainable(p.getKey())) {
                    n += p.getValue().size();
                }
            }
        }
        return n;
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
    void convFlopsCountTheInputChannelsOfAGroup() {
        // torchvision's nets: 1.81 GMAC and 0.30 GMAC of convolution per image (MobileNetV2's depthwise convs
        // read one input channel per output, not all of them)
        assertEquals(3_627_122_688.0, Workload.convFlops(GeneratedNet.RESNET18.model(), 1), 1);
        assertEquals(8 * 3_627_122_688.0, Workload.convFlops(GeneratedNet.RESNET18.model(), 8), 1);
        assertEquals(598_988_544.0, Workload.convFlops(GeneratedNet.MOBILENETV2.model(), 1), 1);
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

    /** A backend's switch given to the bench JVM reaches the JMH forks; the fork's thread count is the run's. */
    @Test
    void forksGetTheLaminaPropertiesThisJvmWasGiven() {
        System.setProperty("lamina.blas.inPlaceGemm", "false");
        System.setProperty("lamina.blas.threads", "7");
        try {
            List<String> o = List.of(BenchRunner.forkOptions(2));
            assertTrue(o.contains("-Dlamina.blas.inPlaceGemm=false"), o.toString());
            assertTrue(o.contains("-Dlamina.blas.threads=2"), o.toString());
            assertTrue(o.stream().noneMatch(s -> s.equals("-Dlamina.blas.threads=7")), o.toString());
        } finally {
            System.clearProperty("lamina.blas.inPlaceGemm");
            System.clearProperty("lamina.blas.threads");
        }
    }
}
