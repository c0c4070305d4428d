package dev.lamina.backend.cpu.gemm;

import dev.lamina.spi.helpers.VectorJit;

import java.lang.System.Logger.Level;

/**
 * Chooses the micro-kernel once per JVM: the Vector API one when the {@code jdk.incubator.vector} module is
 * in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}, as {@code ./lamina}
 * does), else the scalar one, with one INFO line saying how to enable the faster path. The vector class is
 * looked up by name inside a holder, so loading this class never fails on a JVM without the module.
 * {@code -Dlamina.cpu.vector=false} forces the scalar path (to compare the two).
 */
public final class MicroKernels {
    /** The module that enables the vector path. */
    public static final String MODULE = "jdk.incubator.vector";
    /** What to add to the java command line to get the vector path. */
    public static final String ENABLE = "--add-modules " + MODULE;

    private MicroKernels() {
    }

    /** The micro-kernel this JVM uses. */
    public static MicroKernel get() {
        return Holder.KERNEL;
    }

    /** Whether the vector path is active. */
    public static boolean vector() {
        return Holder.KERNEL instanceof VectorMicroKernel;
    }

    /** One line for {@code lamina backends}: the active path, and how to enable the faster one when absent. */
    public static String status() {
        return vector()
                ? "GEMM path: " + Holder.KERNEL.describe() + VectorJit.advice().map(a -> " (" + a + ")").orElse("")
                : "GEMM path: " + Holder.KERNEL.describe() + " (" + Holder.WHY + "; start Java with " + ENABLE
                  + " for the Vector API path, several times faster)";
    }

    private static final class Holder {
        static final String WHY;
        static final MicroKernel KERNEL;

        static {
            String why = null;
            MicroKernel k = null;
            if (!Boolean.parseBoolean(System.getProperty("lamina.cpu.vector", "true"))) {
                why = "-Dlamina.cpu.vector=false";
            } else if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
                why = MODULE + " is not in the boot layer";
            } else {
                try {
                    k = (MicroKernel) Class.forName(MicroKernels.class.getPackageName() + ".VectorMicroKernel")
                            .getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    why = "the Vector API path failed to load: " + e;
                }
            }
            if (k == null) {
                k = new ScalarMicroKernel();
                System.getLogger(MicroKernels.class.getName()).log(Level.INFO,
                        "lamina cpu backend: scalar GEMM path (" + why + "); start Java with " + ENABLE
                        + " for the faster Vector API path");
            } else {
                VectorJit.advice().ifPresent(a -> System.getLogger(MicroKernels.class.getName()).log(Level.INFO,
                        "lamina cpu backend: Vector API GEMM path; " + a + " (see backend-cpu/README.md)"));
            }
            WHY = why;
            KERNEL = k;
        }
    }
}
