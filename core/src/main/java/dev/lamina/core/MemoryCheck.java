package dev.lamina.core;

import dev.lamina.spi.MemoryPool;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The check before memory is spent (issue 15): whether some bytes can still be had from a {@link MemoryPool}.
 * The pool's free figure counts garbage not yet collected as used, so a request that does not fit is asked
 * again after one {@code System.gc()} before it is refused — the same as a JVM allocation or JavaCPP does
 * before giving up, but before anything is allocated and with a message instead of an OutOfMemoryError.
 */
public final class MemoryCheck {
    private static final System.Logger LOG = System.getLogger(MemoryCheck.class.getName());

    private MemoryCheck() {
    }

    /**
     * Fails unless {@code bytes} fit the JVM heap now.
     *
     * @param what   the subject of "needs N bytes of …", e.g. {@code "W.safetensors: reading its 12 tensors"}
     * @param advice what else helps besides raising the heap (may be empty), e.g. {@code "use a smaller batch"}
     */
    public static void heap(long bytes, String what, String advice) {
        require(bytes, 0, MemoryPool::heap, what, advice);
    }

    /**
     * Fails unless {@code bytes} fit what the pool has free plus {@code reusable} bytes the caller already holds
     * and will reuse (a plan's pooled workspace).
     */
    static void require(long bytes, long reusable, Supplier<MemoryPool> pool, String what, String advice) {
        MemoryPool p = pool.get();
        if (fits(bytes, reusable, p)) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} bytes asked of {1}, {2} free: collecting garbage first", bytes,
                p.name(), p.freeBytes());
        System.gc();
        p = pool.get();
        if (fits(bytes, reusable, p)) {
            return;
        }
        throw new MemoryException(what + " needs " + bytes(bytes) + " of "
                + p.name() + ", which has " + bytes(p.freeBytes()) + " free of "
                + (p.limitBytes() == Long.MAX_VALUE ? "no set limit" : bytes(p.limitBytes()))
                + ": raise " + p.knob() + (advice.isEmpty() ? "" : " or " + advice), bytes, p.freeBytes());
    }

    /** Whether {@code bytes} fit now, without collecting garbage: {@link #require} would pass at once. */
    static boolean fitsNow(long bytes, long reusable, Supplier<MemoryPool> pool) {
        return fits(bytes, reusable, pool.get());
    }

    private static boolean fits(long bytes, long reusable, MemoryPool p) {
        return bytes <= p.freeBytes() || bytes - reusable <= p.freeBytes();
    }

    /** Bytes as people read them: {@code 4.0 GiB}, {@code 12.5 MiB}, {@code 300 KiB}, {@code 96 bytes}. */
    public static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        if (b >= 1L << 10) {
            return (b >> 10) + " KiB";
        }
        return b + " bytes";
    }
}
