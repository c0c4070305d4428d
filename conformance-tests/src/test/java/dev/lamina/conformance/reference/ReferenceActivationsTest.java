package dev.lamina.conformance.reference;

import dev.lamina.api.ELU;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Layer;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.SiLU;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference's activations against PyTorch's own float32 results at kinks, saturation, NaN and ±Inf: PyTorch
 * must pass the tolerance the kit derives, or the kit would fail a correct backend.
 */
class ReferenceActivationsTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    // From PyTorch 1.13.1 (Debian's python3-torch, CPU, float32): F.elu(X), F.leaky_relu(X, 0.01),
    // F.hardsigmoid(X), F.hardswish(X), F.silu(X), F.gelu(X), F.gelu(X, approximate="tanh"), F.hardtanh(X, 0, 6).
    static final float[] TORCH_X = {NAN, INF, -INF, 0.0f, -0.0f, 1.0000000031710769e-30f, -1.0000000031710769e-30f, 1.0000000116860974e-07f, -1.0000000116860974e-07f, 0.009999999776482582f, -0.009999999776482582f, 0.5f, -0.5f, 1.0f, -1.0f, 2.0f, -2.0f, 2.999999761581421f, 3.0f, 3.000000238418579f, -2.999999761581421f, -3.0f, -3.000000238418579f, 5.0f, -5.0f, 6.0f, 8.0f, -8.0f, 12.0f, -12.0f, 20.0f, -20.0f, 50.0f, -50.0f, 88.0f, -88.0f, 100.0f, -100.0f, 10000.0f, -10000.0f, 3.0000000054977558e+38f, -3.0000000054977558e+38f};
    static final float[] TORCH_ELU = {NAN, INF, -1.0f, 0.0f, 0.0f, 1.0000000031710769e-30f, 0.0f, 1.0000000116860974e-07f, -1.1920928955078125e-07f, 0.009999999776482582f, -0.00995016098022461f, 0.5f, -0.39346933364868164f, 1.0f, -0.6321205496788025f, 2.0f, -0.8646647334098816f, 2.999999761581421f, 3.0f, 3.000000238418579f, -0.9502128958702087f, -0.9502129554748535f, -0.9502129554748535f, 5.0f, -0.9932620525360107f, 6.0f, 8.0f, -0.9996645450592041f, 12.0f, -0.9999938607215881f, 20.0f, -1.0f, 50.0f, -1.0f, 88.0f, -1.0f, 100.0f, -1.0f, 10000.0f, -1.0f, 3.0000000054977558e+38f, -1.0f};
    static final float[] TORCH_LEAKY_RELU = {NAN, INF, -INF, 0.0f, -0.0f, 1.0000000031710769e-30f, -9.99999950273831e-33f, 1.0000000116860974e-07f, -9.999999717180685e-10f, 0.009999999776482582f, -9.999999747378752e-05f, 0.5f, -0.004999999888241291f, 1.0f, -0.009999999776482582f, 2.0f, -0.019999999552965164f, 2.999999761581421f, 3.0f, 3.000000238418579f, -0.029999997466802597f, -0.029999999329447746f, -0.030000001192092896f, 5.0f, -0.04999999701976776f, 6.0f, 8.0f, -0.07999999821186066f, 12.0f, -0.11999999731779099f, 20.0f, -0.19999998807907104f, 50.0f, -0.5f, 88.0f, -0.8799999952316284f, 100.0f, -1.0f, 10000.0f, -100.0f, 3.0000000054977558e+38f, -3.000000043527274e+36f};
    static final float[] TORCH_HARDSIGMOID = {NAN, 1.0f, 0.0f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5016666650772095f, 0.4983333349227905f, 0.5833333134651184f, 0.4166666567325592f, 0.6666666865348816f, 0.3333333432674408f, 0.8333333134651184f, 0.1666666716337204f, 1.0f, 1.0f, 1.0f, 3.973643103449831e-08f, 0.0f, 0.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f};
    static final float[] TORCH_HARDSWISH = {NAN, INF, NAN, 0.0f, -0.0f, 5.000000015855384e-31f, -5.000000015855384e-31f, 5.000000058430487e-08f, -5.000000058430487e-08f, 0.005016666371375322f, -0.00498333340510726f, 0.2916666567325592f, -0.2083333283662796f, 0.6666666865348816f, -0.3333333432674408f, 1.6666666269302368f, -0.3333333432674408f, 2.999999761581421f, 3.0f, 3.000000238418579f, -1.1920928244535389e-07f, -0.0f, -0.0f, 5.0f, -0.0f, 6.0f, 8.0f, -0.0f, 12.0f, -0.0f, 20.0f, -0.0f, 50.0f, -0.0f, 88.0f, -0.0f, 100.0f, -0.0f, 10000.0f, -0.0f, INF, -0.0f};
    static final float[] TORCH_SILU = {NAN, INF, NAN, 0.0f, -0.0f, 5.000000015855384e-31f, -5.000000015855384e-31f, 5.000000413701855e-08f, -5.000000058430487e-08f, 0.005024999845772982f, -0.0049749999307096004f, 0.3112296760082245f, -0.1887703388929367f, 0.7310585975646973f, -0.2689414322376251f, 1.7615940570831299f, -0.23840583860874176f, 2.857722282409668f, 2.857722520828247f, 2.857722759246826f, -0.14227762818336487f, -0.14227761328220367f, -0.14227759838104248f, 4.966535568237305f, -0.033464252948760986f, 5.985164642333984f, 7.997317314147949f, -0.00268280110321939f, 11.99992561340332f, -7.373009430011734e-05f, 20.0f, -4.1223074731533416e-08f, 50.0f, -9.643748987141262e-21f, 88.0f, -5.328049755387946e-37f, 100.0f, -0.0f, 10000.0f, -0.0f, 3.0000000054977558e+38f, -0.0f};
    static final float[] TORCH_GELU = {NAN, INF, NAN, 0.0f, 0.0f, 5.000000015855384e-31f, -5.000000015855384e-31f, 5.000000058430487e-08f, -5.000000058430487e-08f, 0.005039894487708807f, -0.004960105288773775f, 0.3457311987876892f, -0.1542687863111496f, 0.8413447141647339f, -0.1586552858352661f, 1.9544999599456787f, -0.045500099658966064f, 2.9959499835968018f, 2.995950222015381f, 2.99595046043396f, -0.004049866925925016f, -0.004049867391586304f, -0.004049867857247591f, 4.999998569488525f, -1.4901161193847656e-06f, 6.0f, 8.0f, 0.0f, 12.0f, 0.0f, 20.0f, 0.0f, 50.0f, 0.0f, 88.0f, 0.0f, 100.0f, 0.0f, 10000.0f, 0.0f, 3.0000000054977558e+38f, 0.0f};
    static final float[] TORCH_GELU_TANH = {NAN, INF, NAN, 0.0f, -0.0f, 5.000000015855384e-31f, -5.000000015855384e-31f, 5.000000768973223e-08f, -4.999999703159119e-08f, 0.005039893090724945f, -0.00496010622009635f, 0.3457140028476715f, -0.1542859971523285f, 0.8411920070648193f, -0.15880799293518066f, 1.9545977115631104f, -0.04540228843688965f, 2.9963624477386475f, 2.9963626861572266f, 2.9963626861572266f, -0.0036374328192323446f, -0.0036374330520629883f, -0.003637433284893632f, 4.999999523162842f, -2.980232238769531e-07f, 6.0f, 8.0f, -0.0f, 12.0f, -0.0f, 20.0f, -0.0f, 50.0f, -0.0f, 88.0f, -0.0f, 100.0f, -0.0f, 10000.0f, -0.0f, 3.0000000054977558e+38f, -0.0f};
    static final float[] TORCH_RELU6 = {NAN, 6.0f, 0.0f, 0.0f, -0.0f, 1.0000000031710769e-30f, 0.0f, 1.0000000116860974e-07f, 0.0f, 0.009999999776482582f, 0.0f, 0.5f, 0.0f, 1.0f, 0.0f, 2.0f, 0.0f, 2.999999761581421f, 3.0f, 3.000000238418579f, 0.0f, 0.0f, 0.0f, 5.0f, 0.0f, 6.0f, 6.0f, 0.0f, 6.0f, 0.0f, 6.0f, 0.0f, 6.0f, 0.0f, 6.0f, 0.0f, 6.0f, 0.0f, 6.0f, 0.0f, 6.0f, 0.0f};

    private static void check(Layer layer, float[] torch) {
        Model m = Model.sequential("act", TORCH_X.length).add("act", layer).build();
        ReferenceRun run = ReferenceImplementation.run(m, Weights.random(m, 1), Tensor.of(Shape.of(1, TORCH_X.length), TORCH_X));
        float[] ref = run.output("act").toArray();
        Tolerance tol = run.tolerance("act");
        for (int i = 0; i < TORCH_X.length; i++) {
            assertTrue(tol.allows(torch[i], ref[i]), layer.type() + "(" + TORCH_X[i] + "): reference " + ref[i]
                    + ", PyTorch " + torch[i] + ", tolerance " + tol);
        }
    }

    @Test
    void eluMatchesPyTorch() {
        check(new ELU(1), TORCH_ELU);
    }

    @Test
    void leakyReluMatchesPyTorch() {
        check(new LeakyReLU(0.01f), TORCH_LEAKY_RELU);
    }

    @Test
    void hardsigmoidMatchesPyTorch() {
        check(Hardsigmoid.of(), TORCH_HARDSIGMOID);
    }

    @Test
    void hardswishMatchesPyTorch() {
        check(new Hardswish(), TORCH_HARDSWISH);
    }

    @Test
    void siluMatchesPyTorch() {
        check(new SiLU(), TORCH_SILU);
    }

    @Test
    void geluMatchesPyTorchBothForms() {
        check(GELU.exact(), TORCH_GELU);
        check(new GELU(GELU.TANH), TORCH_GELU_TANH);
    }

    @Test
    void relu6MatchesPyTorch() {
        check(Hardtanh.relu6(), TORCH_RELU6);
    }

    @Test
    void referenceErfIsOddAndAccurate() {
        for (double x = -7; x <= 7; x += 0.13) {
            double e = ReferenceActivations.erf(x);
            assertEquals(-e, ReferenceActivations.erf(-x), 0.0);
            assertTrue(Math.abs(e) <= 1);
        }
        // erf(1) and erf(2) to double precision (Python's math.erf, the C library's)
        assertEquals(0.8427007929497149, ReferenceActivations.erf(1), 1e-15);
        assertEquals(0.9953222650189527, ReferenceActivations.erf(2), 1e-15);
    }

    @Test
    void everyLayerTypeHasAReferenceOp() {
        assertEquals(new HashSet<>(Arrays.asList(Layer.class.getPermittedSubclasses())), ReferenceImplementation.types());
    }
}
