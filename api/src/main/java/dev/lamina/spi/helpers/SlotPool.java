package dev.lamina.spi.helpers;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded pool of idle objects (a plan's per-call workspaces) that allocates nothing to take or return
 * one: a fixed array of slots claimed by compare-and-set, unlike a linked queue, which allocates a node per
 * offer. Safe for many threads. Which idle object a caller gets is unspecified.
 *
 * @param <T> what is pooled
 */
public final class SlotPool<T> {
    private final AtomicReferenceArray<T> slots;

    /** A pool that keeps at most {@code capacity} idle objects. */
    public SlotPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a pool needs at least one slot, got " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
    }

    /** Takes an idle object out of the pool; null when there is none. */
    public T poll() {
        for (int i = 0; i < slots.length(); i++) {
            T t = slots.get(i);
            if (t != null && slots.compareAndSet(i, t, null)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Puts {@code idle} back for a later call; false when every slot is taken, in which case the caller
     * still owns it (and frees it, if it holds anything that needs freeing).
     */
    public boolean offer(T idle) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, idle)) {
                return true;
            }
        }
        return false;
    }
}
