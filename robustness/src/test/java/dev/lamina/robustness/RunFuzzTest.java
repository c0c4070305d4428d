package dev.lamina.robustness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Safetensors;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole path a user takes, read → compile → run, on cpu and blas: a model file written by
 * {@link ModelGenerator} from the fuzzer's data (byte-level mutation of JSON is {@link ModelFileFuzzTest}'s
 * job) is read by the real reader; a model that reads (and fits {@link Budget}) gets seeded random weights,
 * written to safetensors and read back as the CLI reads them, and runs on a seeded random batch of one or
 * two on both backends. Refusing cleanly anywhere is
 * fine; anything else is a finding, and so is a result that differs between the backends by more than
 * float32 rounding explains, or a non-finite value where the other backend has a finite one.
 * Seeds and past findings: {@code src/test/resources/dev/lamina/robustness/RunFuzzTestInputs/run/}.
 */
class RunFuzzTest {
    /** Relative to the largest magnitude of the cpu result (the reference; blas reorders the sums). */
    private static final double TOLERANCE = 1e-3;

    // No @BeforeAll warm-up: classes loaded before Jazzer's agent starts (in the first invocation) are not
    // instrumented, and would give the fuzzer no coverage to follow.

    @FuzzTest(maxDuration = "8s")
    void run(FuzzedDataProvider data) {
        long seed = data.consumeLong();
        int batch = data.consumeInt(1, 2);
        String json = ModelGenerator.modelFile(data);
        Path file = Scratch.write("model.json", json.getBytes(StandardCharsets.UTF_8));
        Model model = Clean.read(() -> ModelFile.read(file));
        if (model == null || !Budget.fits(model)) {
            return;
        }
        Path weightsFile = Scratch.path("weights.safetensors");
        Safetensors.write(weightsFile, Weights.random(model, seed).toStateDict());
        Weights weights = Safetensors.readWeights(weightsFile, model);
        Tensor x = input(model.inputShape().withBatch(batch), seed);
        Tensor cpu = Clean.refuse(() -> runOn("cpu", model, weights, x));
        Tensor blas = Clean.refuse(() -> runOn("blas", model, weights, x));
        if (cpu != null && blas != null) {
            agree(model, cpu, blas);
        }
    }

    private static Tensor runOn(String backend, Model model, Weights weights, Tensor x) {
        try (CompiledModel m = Lamina.compile(model, weights, backend)) {
            return m.forward(x);
        }
    }

    private static Tensor input(Shape shape, long seed) {
        Random rnd = new Random(~seed);
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() * 4 - 2;
        }
        return Tensor.of(shape, v);
    }

    private static void agree(Model model, Tensor cpu, Tensor blas) {
        assertEquals(cpu.shape(), blas.shape(), model.name() + ": output shapes");
        float max = 1;
        for (int i = 0; i < cpu.size(); i++) {
            if (Float.isFinite(cpu.at(i))) {
                max = Math.max(max, Math.abs(cpu.at(i)));
            }
        }
        for (int i = 0; i < cpu.size(); i++) {
            float a = cpu.at(i);
            float b = blas.at(i);
            if (!Float.isFinite(a)) {
                continue; // overflow on the reference: the order of additions decides, nothing to compare
            }
            if (!Float.isFinite(b) || Math.abs(a - b) > TOLERANCE * max) {
                throw new AssertionError(model.name() + ": cpu and blas differ at output " + i + " of "
                        + cpu.shape() + ": " + a + " vs " + b + " (tolerance " + TOLERANCE * max + ")");
            }
        }
    }
}
