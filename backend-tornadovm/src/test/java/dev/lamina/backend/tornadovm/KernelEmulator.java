package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a {@link KernelContext} kernel on the plain JVM as a device would: every thread of a 1-D grid gets
 * its own indices, the threads of a work-group run at the same time (virtual threads), meet at
 * {@code localBarrier()} and share the arrays they allocate in local memory. Work-groups run one after
 * another. Needs the compile-time declaration of {@code KernelContext}, whose index fields are assignable;
 * so it runs in the plain-JVM tests only.
 */
final class KernelEmulator {
    private KernelEmulator() {
    }

    static void run1D(int global, int local, Consumer<KernelContext> kernel) {
        if (local <= 0 || global % local != 0) {
            throw new IllegalArgumentException("global size " + global + " is not a multiple of local size " + local);
        }
        for (int g = 0; g < global / local; g++) {
            Group group = new Group(local);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int l = 0; l < local; l++) {
                Thread.Builder builder = Thread.ofVirtual();
                Emulated kc = new Emulated(group, g, l, local, global);
                threads.add(builder.start(() -> {
                    try {
                        kernel.accept(kc);
                    } catch (Throwable e) {
                        failures.add(e);
                        group.barrier.reset();
                    }
                }));
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("work-group " + g + " failed", failures.get(0));
            }
        }
    }

    /** A work-group: its barrier and its local memory (the n-th allocation of every thread is one array). */
    private static final class Group {
        final CyclicBarrier barrier;
        final List<Object> local = new ArrayList<>();

        Group(int size) {
            barrier = new CyclicBarrier(size);
        }

        synchronized Object allocate(int index, Object fresh) {
            if (index == local.size()) {
                local.add(fresh);
            }
            return local.get(index);
        }
    }

    private static final class Emulated extends KernelContext {
        private final Group group;
        private int allocations;

        Emulated(Group group, int groupIndex, int localIndex, int local, int global) {
            this.group = group;
            globalIdx = groupIndex * local + localIndex;
            groupIdx = groupIndex;
            localIdx = localIndex;
            localGroupSizeX = local;
            globalGroupSizeX = global;
        }

        @Override
        public void localBarrier() {
            try {
                group.barrier.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("barrier of thread " + localIdx + " failed", e);
            }
        }

        @Override
        public void globalBarrier() {
            throw new UnsupportedOperationException("the emulator has no global barrier");
        }

        @Override
        public float[] allocateFloatLocalArray(int size) {
            return (float[]) group.allocate(allocations++, new float[size]);
        }

        @Override
        public int[] allocateIntLocalArray(int size) {
            return (int[]) group.allocate(allocations++, new int[size]);
        }
    }
}
