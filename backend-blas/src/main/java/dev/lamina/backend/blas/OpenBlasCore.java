package dev.lamina.backend.blas;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which kernels OpenBLAS runs its products on: its "core", detected from the CPU when the library loads
 * unless the {@value #ENV} environment variable forces one. An inherited {@code OPENBLAS_CORETYPE=Haswell}
 * on an AVX-512 machine quietly narrows every OpenBLAS product to 256-bit vectors while the Java kernels keep
 * their 512, so the backend says so once instead of running slower without a word. (The JavaCPP binding
 * loaded here has no {@code openblas_get_corename}, so a detected core is not named; {@code OPENBLAS_VERBOSE=2}
 * makes OpenBLAS print it.)
 *
 * @param forced     the value of {@value #ENV} when it is set and not blank, else {@code null}
 * @param vectorBits the Java kernels' float vector width in bits (0 for the scalar loops: unknown)
 */
record OpenBlasCore(String forced, int vectorBits) {
    /** The environment variable OpenBLAS reads when it loads, to use that core instead of detecting one. */
    static final String ENV = "OPENBLAS_CORETYPE";

    /**
     * OpenBLAS's x86 cores whose kernels use at most 256-bit vectors (names case-insensitive). Its others,
     * SkylakeX, Cooperlake and SapphireRapids, use 512; a name not listed is one of those or not a core.
     */
    private static final Set<String> NARROW = Set.of("katmai", "coppermine", "northwood", "prescott", "banias",
            "atom", "core2", "penryn", "dunnington", "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona",
            "nano", "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator", "haswell", "zen");

    OpenBlasCore {
        forced = forced == null || forced.isBlank() ? null : forced.trim();
        if (vectorBits < 0) {
            throw new IllegalArgumentException("vector bits must be ≥ 0, got " + vectorBits);
        }
    }

    /** For the backend's status line. */
    String describe() {
        return forced == null ? "kernels detected by OpenBLAS (OPENBLAS_VERBOSE=2 prints which)"
                : "kernels forced by " + ENV + "=" + forced;
    }

    /**
     * A warning when {@value #ENV} names a core narrower than the JVM's 512-bit vectors (the CPU and OS have
     * AVX-512); empty otherwise, and when the vector width is unknown or the name is not an OpenBLAS core.
     */
    Optional<String> warning() {
        if (forced == null || vectorBits < 512 || !NARROW.contains(forced.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("lamina blas backend: " + ENV + "=" + forced + " in the environment makes OpenBLAS run"
                + " its " + forced + " kernels on a CPU with " + vectorBits + "-bit vectors, narrower than the"
                + " Java kernels' (measured on Zen 5, one thread: conv64 b8 1.6x and ResNet-18 1.45x slower);"
                + " unset " + ENV + " before the JVM starts for OpenBLAS's 512-bit kernels (see backend-blas/README.md)");
    }
}
