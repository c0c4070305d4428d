package dev.lamina.backend.blas;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenBlasCoreTest {

    @Test
    void anInheritedNarrowCoreOnAnAvx512CpuIsAWarningThatNamesTheVariable() {
        OpenBlasCore c = new OpenBlasCore("Haswell", 512);
        assertEquals("kernels forced by OPENBLAS_CORETYPE=Haswell", c.describe());
        String w = c.warning().orElseThrow();
        assertTrue(w.contains("OPENBLAS_CORETYPE=Haswell in the environment"), w);
        assertTrue(w.contains("its Haswell kernels"), w);
        assertTrue(w.contains("512-bit vectors"), w);
        assertTrue(w.contains("unset OPENBLAS_CORETYPE"), w);
        // OpenBLAS takes the names in any case
        assertTrue(new OpenBlasCore(" zen ", 512).warning().orElseThrow().contains("OPENBLAS_CORETYPE=zen"));
    }

    @Test
    void wideCoresNarrowCpusUnknownNamesAndTheScalarPathAreQuiet() {
        for (String wide : new String[] {"SkylakeX", "Cooperlake", "SapphireRapids", "SKYLAKEX"}) {
            assertEquals(Optional.empty(), new OpenBlasCore(wide, 512).warning(), wide);
        }
        // an AVX2 CPU (256-bit Java vectors) on Haswell kernels is what it should be
        assertEquals(Optional.empty(), new OpenBlasCore("Haswell", 256).warning());
        // the scalar loops do not know the CPU's width: no guess
        assertEquals(Optional.empty(), new OpenBlasCore("Haswell", 0).warning());
        // not an OpenBLAS core: OpenBLAS says "Core not found" and detects one itself
        assertEquals(Optional.empty(), new OpenBlasCore("Haswel", 512).warning());
        // unset or blank: detected
        assertEquals(Optional.empty(), new OpenBlasCore(null, 512).warning());
        OpenBlasCore blank = new OpenBlasCore("  ", 512);
        assertNull(blank.forced());
        assertTrue(blank.describe().startsWith("kernels detected by OpenBLAS"), blank.describe());
    }

    @Test
    void aNegativeWidthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OpenBlasCore(null, -1));
    }

    @Test
    void theLoadedBackendReportsWhatChoseItsKernels() {
        BlasNative.Status s = BlasNative.load();
        assertTrue(s.available(), s.reason());
        OpenBlasCore c = s.core();
        assertEquals(JavaKernels.get().vectorBits(), c.vectorBits());
        String env = System.getenv(OpenBlasCore.ENV);
        assertEquals(env == null || env.isBlank() ? null : env.trim(), c.forced());
        assertTrue(s.reason().contains(c.describe()), s.reason());
        assertTrue(new BlasBackendProvider().details().contains("OpenBLAS " + c.describe()),
                new BlasBackendProvider().details().toString());
    }
}
