package dev.lamina.backend.blas;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads that split one inference's work: {@code threads − 1} daemon threads shared by every plan
 * in the JVM, plus the calling thread, which always works too. A helper that has just finished spins for a
 * short while before it parks, so back-to-back calls hand work over in a microsecond rather than the tens of
 * microseconds a wake-up costs on a virtual machine. Helpers are optional: a call takes the idle ones, and
 * when every helper is busy with other callers it simply does all of its parts itself. OpenBLAS runs
 * single-threaded inside each part: its own pthread pool collapses when several threads call it at once
 * (measured: 9 GFLOP/s aggregate against 45 with one OpenBLAS thread per caller).
 */
final class Workers {
    /** How long an idle helper spins before it parks. */
    private static final long SPIN_NANOS = 200_000;
    private static final Object LOCK = new Object();
    private static volatile Helper[] helpers = new Helper[0];

    private Workers() {
    }

    /** One part of a split job, run by the thread in {@code slot} (0: the caller, 1 … threads−1: helpers). */
    @FunctionalInterface
    interface Part {
        void run(int part, int slot);
    }

    /**
     * One part of a split step that takes the call's arguments from {@code args} rather than capturing them:
     * made once (a constant, or a field of the lowering), so a split allocates nothing.
     */
    @FunctionalInterface
    interface Task {
        void run(Split args, int part, int slot);
    }

    /**
     * A split step's arguments: the step, its workspace and the calling thread's lane, the image (or first
     * sample), a range of what the step splits ({@code first} … {@code last}, where it needs one), the number of
     * parts and the threads. Each calling thread reuses its own ({@link #split()}); {@link #forEach(int, int,
     * Task, Split)} clears it when it returns.
     */
    static final class Split {
        Step step;
        Workspace ws;
        Workspace.Lane lane;
        int image;
        int first;
        int last;
        int parts;
        int threads;

        Split of(Step step, Workspace ws, Workspace.Lane lane, int image, int parts, int threads) {
            this.step = step;
            this.ws = ws;
            this.lane = lane;
            this.image = image;
            this.parts = parts;
            this.threads = threads;
            return this;
        }

        Split range(int first, int last) {
            this.first = first;
            this.last = last;
            return this;
        }

        /** The lane of the thread in {@code slot}: the caller's own for slot 0 (a part may use per-thread scratch). */
        Workspace.Lane laneOf(int slot) {
            return slot == 0 ? lane : ws.lanes[slot];
        }

        void clear() {
            step = null;
            ws = null;
            lane = null;
        }
    }

    /**
     * The calling thread's argument holder for its next {@link #forEach(int, int, Task, Split)}: its job's,
     * or a fresh one inside a part that itself splits.
     */
    static Split split() {
        Job job = JOBS.get();
        return job.busy ? new Split() : job.split;
    }

    /**
     * {@link #forEach(int, int, Part)} for a {@link Task}: each part gets {@code args}; nothing is allocated
     * (the thread's own job carries the task and its arguments). {@code args} is cleared when this returns.
     */
    static void forEach(int threads, int parts, Task task, Split args) {
        try {
            if (parts <= 1 || threads <= 1) {
                for (int i = 0; i < parts; i++) {
                    task.run(args, i, 0);
                }
                return;
            }
            Job job = JOBS.get();
            if (job.busy) {
                job = new Job(Thread.currentThread());
            }
            job.splitTask = task;
            job.splitArgs = args;
            try {
                job.run(threads, parts, job.splitPart);
            } finally {
                job.splitTask = null;
                job.splitArgs = null;
            }
        } finally {
            args.clear();
        }
    }

    private static final class Helper extends Thread {
        final AtomicReference<Runnable> job = new AtomicReference<>();
        volatile boolean parked;

        Helper(int n) {
            super("lamina-blas-" + n);
            setDaemon(true);
        }

        /** Hands a job over if this helper is idle; false when it is busy. */
        boolean offer(Runnable r) {
            if (!job.compareAndSet(null, r)) {
                return false;
            }
            if (parked) {
                LockSupport.unpark(this);
            }
            return true;
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Runnable r = job.get();
                if (r != null) {
                    try {
                        r.run();
                    } finally {
                        job.set(null);
                    }
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (job.get() == null) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static Helper[] helpers(int wanted) {
        Helper[] h = helpers;
        if (h.length >= wanted) {
            return h;
        }
        synchronized (LOCK) {
            h = helpers;
            if (h.length < wanted) {
                Helper[] more = java.util.Arrays.copyOf(h, wanted);
                for (int i = h.length; i < wanted; i++) {
                    more[i] = new Helper(i + 1);
                    more[i].start();
                }
                helpers = more;
                h = more;
            }
            return h;
        }
    }

    /**
     * Runs {@code task(0 … parts−1)}, each part exactly once, on the caller and up to {@code threads − 1}
     * idle helpers, which claim parts as they become free (so a thread slowed by another process takes
     * fewer); returns when all are done, rethrowing the first failure. Each thread has its own slot number
     * (below {@code threads}), so a part can use per-thread scratch. Allocates nothing: each calling thread
     * reuses its own {@link Job} (a part that itself splits gets a fresh one).
     */
    static void forEach(int threads, int parts, Part task) {
        if (parts <= 1 || threads <= 1) {
            for (int i = 0; i < parts; i++) {
                task.run(i, 0);
            }
            return;
        }
        Job job = JOBS.get();
        if (job.busy) {
            job = new Job(Thread.currentThread());
        }
        job.run(threads, parts, task);
    }

    /** Each calling thread's reusable job. */
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(() -> new Job(Thread.currentThread()));

    /**
     * One split job of one calling thread, reset for each {@link #forEach}: the parts are claimed through
     * {@code next}; the call returns once every part is done and every helper that took the job has left it
     * (so none can claim a part of the next job with a stale slot). The helpers' entry points, one per slot,
     * are made once.
     */
    private static final class Job {
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining = new AtomicInteger();
        /** Helpers that took this job and have not left it yet. */
        final AtomicInteger inside = new AtomicInteger();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        /** The arguments of this thread's next {@link Task} split ({@link #split()}). */
        final Split split = new Split();
        /** The task of a {@link Task} split, and its arguments, for {@link #splitPart}. */
        volatile Task splitTask;
        volatile Split splitArgs;
        /** Runs a part of the {@link Task} split this job carries: made once per job. */
        final Part splitPart = (p, slot) -> splitTask.run(splitArgs, p, slot);
        Runnable[] entries = new Runnable[0];
        volatile Part task;
        volatile int parts;
        boolean busy;

        Job(Thread caller) {
            this.caller = caller;
        }

        void run(int threads, int parts, Part task) {
            busy = true;
            try {
                this.task = task;
                this.parts = parts;
                error.set(null);
                next.set(0);
                remaining.set(parts);
                inside.set(0);
                Helper[] h = helpers(threads - 1);
                if (entries.length < threads) {
                    Runnable[] more = java.util.Arrays.copyOf(entries, threads);
                    for (int s = entries.length; s < threads; s++) {
                        int slot = s;
                        more[s] = () -> {
                            try {
                                work(slot);
                            } finally {
                                inside.decrementAndGet();
                            }
                        };
                    }
                    entries = more;
                }
                int slot = 1;
                for (int k = 0; k < h.length && slot < Math.min(parts, threads); k++) {
                    inside.incrementAndGet();
                    if (h[k].offer(entries[slot])) {
                        slot++;
                    } else {
                        inside.decrementAndGet();
                    }
                }
                work(0);
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (remaining.get() > 0 || inside.get() > 0) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(50_000);
                    }
                }
                Throwable t = error.get();
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                if (t != null) {
                    throw new IllegalStateException(t);
                }
            } finally {
                this.task = null;
                busy = false;
            }
        }

        /** Claims and runs parts in {@code slot} until none is left. */
        void work(int slot) {
            Part t = task;
            int n = parts;
            int i;
            while ((i = next.getAndIncrement()) < n) {
                try {
                    t.run(i, slot);
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }
}
