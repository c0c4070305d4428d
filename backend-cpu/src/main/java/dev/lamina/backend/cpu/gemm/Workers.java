package dev.lamina.backend.cpu.gemm;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one pool of worker threads every compiled model of the cpu backend shares (never one per model):
 * {@code lamina.threads} threads in all (default: the number of processors), the caller being one of them.
 * Workers are daemon threads that park when idle (after watching for the next hand-off for 50 µs once a job is
 * done) and end after 30 s without work.
 *
 * <p>A call hands its tasks out from one counter, so the caller and whichever workers are free share them; the
 * caller waits only for tasks that have started, never for a busy pool, so many callers at once cannot deadlock
 * it. A hand-off allocates nothing: each calling thread reuses one {@link Job} for all its calls, a worker is
 * claimed by a compare-and-set on its state and woken with {@link LockSupport#unpark}, and the task body is a
 * {@link Body} the caller made once, handed its arguments by the call. Each call opens a new generation of its
 * job, and a task index is claimed only together with the generation it belongs to, so a worker woken too late
 * for one call can never run a task of the next. A task that itself calls {@code forEach} (or a call made on a
 * worker) runs its tasks on its own thread.
 */
public final class Workers {
    /** The system property naming the thread count. */
    public static final String PROPERTY = "lamina.threads";

    /** A task body made once (a method reference in a final field): the call hands it its arguments. */
    @FunctionalInterface
    public interface Body {
        void run(int task, float[] x, float[] y, int arg);
    }

    private Workers() {
    }

    /** Threads a call may use, the caller included. */
    public static int threads() {
        return Pool.THREADS;
    }

    /** Reads {@code lamina.threads}: a positive integer, or absent for the number of processors. */
    static int parseThreads(String value, int processors) {
        if (value == null || value.isBlank()) {
            return processors;
        }
        try {
            int t = Integer.parseInt(value.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(PROPERTY + ": expected a positive number of threads, got '" + value + "'");
    }

    /** Runs {@code body} for every index in {@code [0, tasks)}, on up to {@link #threads()} threads; rethrows a task's failure. */
    public static void forEach(int tasks, IntConsumer body) {
        forEach(tasks, (t, x, y, arg) -> body.accept(t), null, null, 0);
    }

    /**
     * Runs {@code body.run(i, x, y, arg)} for every index i in {@code [0, tasks)}, on up to {@link #threads()}
     * threads; rethrows a task's failure (the first one recorded; tasks not yet started are then skipped).
     * Allocates nothing once the calling thread has made its job.
     */
    public static void forEach(int tasks, Body body, float[] x, float[] y, int arg) {
        int helpers = Math.min(Pool.THREADS, tasks) - 1;
        Job job = helpers <= 0 || Thread.currentThread() instanceof Worker ? null : Pool.JOB.get();
        if (job == null || job.busy) {
            for (int i = 0; i < tasks; i++) {
                body.run(i, x, y, arg);
            }
            return;
        }
        long gen = job.open(tasks, body, x, y, arg);
        try {
            Pool.wake(job, gen, helpers);
            job.help(gen);
            job.await();
        } finally {
            job.close();
        }
    }

    private static final class Pool {
        static final int THREADS = parseThreads(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
        static final Worker[] WORKERS = new Worker[Math.max(0, THREADS - 1)];
        static final AtomicInteger NAMES = new AtomicInteger();
        static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

        /** Hands generation {@code gen} of {@code job} to up to {@code helpers} idle workers, starting any that ended. */
        static void wake(Job job, long gen, int helpers) {
            for (int i = 0; i < WORKERS.length && helpers > 0; i++) {
                Worker w = WORKERS[i];
                if (w == null || w.state.get() == Worker.ENDED) {
                    synchronized (WORKERS) {
                        w = WORKERS[i];
                        if (w == null || w.state.get() == Worker.ENDED) {
                            w = new Worker("lamina-cpu-" + NAMES.incrementAndGet());
                            WORKERS[i] = w;
                            w.start();
                        }
                    }
                }
                if (w.claim(job, gen)) {
                    helpers--;
                }
            }
        }
    }

    /** A daemon thread that runs the jobs handed to it, parked in between; it ends after 30 s without one. */
    private static final class Worker extends Thread {
        static final int IDLE = 0;
        static final int CLAIMED = 1;
        static final int HANDED = 2;
        static final int ENDED = 3;
        private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
        /**
         * How long a worker that has just finished watches for the next hand-off before it parks: a network's
         * layers follow each other within microseconds, and a wake-up from park costs tens of them on a virtual
         * machine, during which the caller runs the layer's tasks alone. Bounded: an idle worker never spins longer.
         */
        private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

        final AtomicInteger state = new AtomicInteger(IDLE);
        /** Written before {@code state} turns HANDED, read after the worker sees it so. */
        private Job job;
        private long gen;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Hands the worker a job if it is idle: claimed first, so that only one caller writes what it is handed. */
        boolean claim(Job j, long g) {
            if (state.get() != IDLE || !state.compareAndSet(IDLE, CLAIMED)) {
                return false;
            }
            job = j;
            gen = g;
            state.set(HANDED);
            LockSupport.unpark(this);
            return true;
        }

        @Override
        public void run() {
            while (true) {
                long parkedAt = System.nanoTime();
                while (state.get() != HANDED && System.nanoTime() - parkedAt < SPIN_NANOS) {
                    Thread.onSpinWait();
                }
                while (state.get() != HANDED) {
                    long left = IDLE_NANOS - (System.nanoTime() - parkedAt);
                    if (left <= 0 && state.compareAndSet(IDLE, ENDED)) {
                        return;
                    }
                    LockSupport.parkNanos(this, Math.max(left, 1000));
                }
                Job j = job;
                long g = gen;
                job = null;
                j.help(g);
                state.set(IDLE);
            }
        }
    }

    /**
     * One calling thread's tasks, reused for all its calls. {@code state} holds the generation (high 32 bits) and
     * the next task index (low 32 bits); a claim is a compare-and-set of the whole, so it only succeeds for the
     * generation the claimer was handed. Fields other than the atomics are written by the caller before it
     * publishes a generation (a volatile write of {@code state}) and read by claimers after they read it.
     */
    private static final class Job {
        private final AtomicLong state = new AtomicLong();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;
        private final Thread caller = Thread.currentThread();
        private long generation;
        private int tasks;
        private Body body;
        private float[] x;
        private float[] y;
        private int arg;
        /** Set while a call runs on this job (a task calling forEach again then runs its tasks inline). */
        boolean busy;

        long open(int n, Body b, float[] xs, float[] ys, int a) {
            busy = true;
            long gen = ++generation & 0x7fffffffL;
            // first leave the last generation, so that a claimer still holding its state word fails its CAS
            state.set(gen << 32 | 0x7fffffffL);
            tasks = n;
            body = b;
            x = xs;
            y = ys;
            arg = a;
            failure = null;
            finished.set(0);
            state.set(gen << 32);
            return gen;
        }

        /** Claims and runs tasks of generation {@code gen} until there are none left. */
        void help(long gen) {
            while (true) {
                long s = state.get();
                int i = (int) s;
                if (s >>> 32 != gen || i >= tasks) {
                    return;
                }
                if (!state.compareAndSet(s, s + 1)) {
                    continue;
                }
                try {
                    if (failure == null) {
                        body.run(i, x, y, arg);
                    }
                } catch (RuntimeException | Error t) { // a Body throws nothing else
                    failure = t;
                } finally {
                    if (finished.incrementAndGet() == tasks) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** Waits for every task of the open generation to end (all were claimed: the caller claimed what was left). */
        void await() {
            boolean interrupted = false;
            for (int spin = 0; finished.get() < tasks; spin++) {
                if (spin < 1000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure;
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw (RuntimeException) t;
            }
        }

        void close() {
            body = null;
            x = null;
            y = null;
            busy = false;
        }
    }
}
