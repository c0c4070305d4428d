package dev.lamina.spi;

import java.util.Objects;

/**
 * Memory a backend allocates its plans' buffers from, as it stands now: the JVM heap, or native memory
 * under a limit the backend knows (JavaCPP's {@code maxBytes}, a device's memory). Lamina checks what a
 * plan needs against {@link #freeBytes()} before anything is allocated, and names {@link #knob()} when it
 * does not fit.
 *
 * @param name       what the memory is, for messages: {@code "the JVM heap"}, {@code "blas native memory"}
 * @param freeBytes  what can still be allocated now (it may count garbage not yet collected as used)
 * @param limitBytes the most there can ever be
 * @param knob       how to raise the limit, e.g. {@code -Xmx}
 */
public record MemoryPool(String name, long freeBytes, long limitBytes, String knob) {
    /** The pool of the JVM heap. */
    public static final String HEAP = "the JVM heap";

    public MemoryPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(knob, "knob");
        if (freeBytes < 0 || limitBytes < 0) {
            throw new IllegalArgumentException(name + ": negative memory: free " + freeBytes + ", limit " + limitBytes);
        }
    }

    /** The JVM heap now: the maximum heap less what is in use (live or not yet collected). */
    public static MemoryPool heap() {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long used = rt.totalMemory() - rt.freeMemory();
        return new MemoryPool(HEAP, Math.max(0, max - used), max, "-Xmx");
    }
}
