package dev.lamina.backend.blas;

import dev.lamina.spi.helpers.ThreadCount;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.lang.System.Logger.Level;

/**
 * The one place that loads OpenBLAS through JavaCPP, at most once per JVM and only when asked
 * ({@link #load()}); nothing here runs in a static initialiser, so listing the provider never touches
 * native code.
 */
final class BlasNative {
    /** System property: threads one inference uses; overrides {@code lamina.threads}. Default: available processors. */
    static final String THREADS_PROPERTY = "lamina.blas.threads";

    /** The outcome of loading: available or not, with the loader's reason, and what was found. */
    record Status(boolean available, String reason, int threads, String version, String platform,
                  OpenBlasCore core) {
    }

    private static volatile Status status;

    private BlasNative() {
    }

    /** Loads the native library (once) and sets the thread count; never throws. */
    static Status load() {
        Status s = status;
        if (s != null) {
            return s;
        }
        synchronized (BlasNative.class) {
            if (status == null) {
                status = tryLoad();
            }
            return status;
        }
    }

    /**
     * The thread count from {@value #THREADS_PROPERTY}, else the shared {@code lamina.threads}, else the
     * processors; a bad value is an error naming the property.
     */
    static int configuredThreads() {
        return ThreadCount.configured(THREADS_PROPERTY);
    }

    private static Status tryLoad() {
        int threads;
        try {
            threads = configuredThreads();
        } catch (IllegalArgumentException e) {
            return new Status(false, e.getMessage(), 0, "", "", null);
        }
        try {
            Loader.load(openblas_nolapack.class);
            // One OpenBLAS thread per call: the plans split work across their own threads (see Workers).
            openblas_nolapack.blas_set_num_threads(1);
            String version = openblas_nolapack.OPENBLAS_VERSION.trim().replaceFirst("^OpenBLAS\\s*", "");
            String platform = Loader.getPlatform();
            OpenBlasCore core = new OpenBlasCore(System.getenv(OpenBlasCore.ENV), JavaKernels.get().vectorBits());
            core.warning().ifPresent(w -> System.getLogger(BlasNative.class.getName()).log(Level.WARNING, w));
            return new Status(true, "OpenBLAS " + version + " (" + platform + ", " + core.describe() + "), "
                    + threads + " thread" + (threads == 1 ? "" : "s") + " per inference (-D" + THREADS_PROPERTY
                    + ")", threads, version, platform, core);
        } catch (Throwable t) {
            // UnsatisfiedLinkError (missing library, another OS), ExceptionInInitializerError,
            // NoClassDefFoundError (no openblas jar): the backend is simply not there.
            return new Status(false, describe(t), 0, "", "", null);
        }
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable c = t;
        int depth = 0;
        while (c != null && depth++ < 4) {
            if (sb.length() > 0) {
                sb.append("; caused by ");
            }
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
            c = c.getCause() == c ? null : c.getCause();
        }
        return "cannot load OpenBLAS for platform " + platformName() + " (" + sb
                + "); on another OS, build with -Djavacpp.platform=<os-arch> (see backend-blas/README.md)";
    }

    private static String platformName() {
        try {
            return Loader.getPlatform();
        } catch (Throwable t) {
            return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        }
    }
}
