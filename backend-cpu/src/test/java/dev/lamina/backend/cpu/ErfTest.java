package dev.lamina.backend.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErfTest {
    /**
     * {x, torch.erf(x)} in float32, from PyTorch 1.13.1 (Debian's python3-torch, CPU):
     * {@code torch.erf(torch.tensor(xs, dtype=torch.float32))}.
     */
    private static final float[][] TORCH = {
            {0.0f, 0.0f},
            {1.0000000031710769e-30f, 1.1283791266481092e-30f},
            {9.99999993922529e-09f, 1.1283791678806665e-08f},
            {9.999999747378752e-05f, 0.00011283791536698118f},
            {0.009999999776482582f, 0.011283415369689465f},
            {0.10000000149011612f, 0.11246291548013687f},
            {0.25f, 0.27632638812065125f},
            {0.5f, 0.5204998850822449f},
            {0.75f, 0.7111556529998779f},
            {1.0f, 0.8427007794380188f},
            {1.25f, 0.9229001402854919f},
            {1.5f, 0.9661051630973816f},
            {1.75f, 0.9866716861724854f},
            {1.9999998807907104f, 0.9953222870826721f},
            {2.0f, 0.9953222870826721f},
            {2.25f, 0.9985373020172119f},
            {2.5f, 0.9995930194854736f},
            {3.0f, 0.9999778866767883f},
            {3.5f, 0.9999992847442627f},
            {3.9000000953674316f, 0.9999999403953552f},
            {4.0f, 1.0f},
            {4.5f, 1.0f},
            {5.0f, 1.0f},
            {6.0f, 1.0f},
            {10.0f, 1.0f},
            {-1.0000000031710769e-30f, -1.1283791266481092e-30f},
            {-9.99999993922529e-09f, -1.1283791678806665e-08f},
            {-9.999999747378752e-05f, -0.00011283791536698118f},
            {-0.009999999776482582f, -0.011283415369689465f},
            {-0.10000000149011612f, -0.11246291548013687f},
            {-0.25f, -0.27632638812065125f},
            {-0.5f, -0.5204998850822449f},
            {-0.75f, -0.7111556529998779f},
            {-1.0f, -0.8427007794380188f},
            {-1.25f, -0.9229001402854919f},
            {-1.5f, -0.9661051630973816f},
            {-1.75f, -0.9866716861724854f},
            {-1.9999998807907104f, -0.9953222870826721f},
            {-2.0f, -0.9953222870826721f},
            {-2.25f, -0.9985373020172119f},
            {-2.5f, -0.9995930194854736f},
            {-3.0f, -0.9999778866767883f},
            {-3.5f, -0.9999992847442627f},
            {-3.9000000953674316f, -0.9999999403953552f},
            {-4.0f, -1.0f},
            {-4.5f, -1.0f},
            {-5.0f, -1.0f},
            {-6.0f, -1.0f},
            {-10.0f, -1.0f},
    };

    @Test
    void matchesPyTorchsFloat32ErfWithinOneUlp() {
        int exact = 0;
        for (float[] p : TORCH) {
            float ours = (float) Erf.erf(p[0]);
            assertTrue(Math.abs(ours - p[1]) <= Math.ulp(p[1]), "erf(" + p[0] + ") = " + ours + ", PyTorch " + p[1]);
            if (ours == p[1]) {
                exact++;
            }
        }
        // Rounded once from double, erf is the nearest float nearly everywhere; PyTorch's own float erf is
        // within an ulp of it, so most points agree exactly.
        assertTrue(exact >= TORCH.length - 4, exact + " of " + TORCH.length + " exact");
    }

    @Test
    void isOddSaturatesAndKeepsNaN() {
        for (double x = -7; x <= 7; x += 0.37) {
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0, "odd at " + x);
        }
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertEquals(0.0, Erf.erf(0.0));
    }

    @Test
    void bothBranchesAgreeWhereTheyMeet() {
        // the series below 2 and the continued fraction from 2 on: no step at the seam
        double below = Erf.erf(Math.nextDown(2.0));
        double at = Erf.erf(2.0);
        assertTrue(Math.abs(at - below) < 1e-14, below + " then " + at);
    }
}
