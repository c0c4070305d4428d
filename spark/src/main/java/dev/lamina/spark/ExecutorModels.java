package dev.lamina.spark;

import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compiled models of this JVM — on an executor, shared by all its tasks. Each {@link ModelKey} is read
 * and compiled once, by the first task that needs it, while the others asking for the same key wait for it
 * (other keys do not wait). {@code CompiledModel} is safe to call from many threads, so the tasks then run
 * it at once. Each use holds a {@link Lease}; a model is closed — its native buffers freed — when the JVM
 * shuts down (or at {@link #closeAll()}) and no task holds it any more, never under a running batch.
 */
public final class ExecutorModels {
    private static final System.Logger LOG = System.getLogger(ExecutorModels.class.getName());
    private static final ConcurrentHashMap<ModelKey, Slot> SLOTS = new ConcurrentHashMap<>();
    private static final AtomicLong COMPILATIONS = new AtomicLong();
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            closeAll();
        }, "lamina-spark-close-models"));
    }

    private ExecutorModels() {
    }

    /** How many models this JVM has read and compiled so far (one per key, until {@link #closeAll()}). */
    public static long compilations() {
        return COMPILATIONS.get();
    }

    /** How many compiled models this JVM holds now. */
    public static int cached() {
        return SLOTS.size();
    }

    /**
     * Closes every model: at once when no task uses it, else when the last one is done. A later task
     * compiles its model anew. The JVM's shutdown hook calls this.
     */
    public static void closeAll() {
        for (ModelKey k : List.copyOf(SLOTS.keySet())) {
            Slot s = SLOTS.remove(k);
            if (s != null) {
                s.close();
            }
        }
    }

    /** The compiled model for {@code key}, compiling it from {@code source} on first use in this JVM. */
    static Lease acquire(ModelKey key, ModelSource source) {
        while (true) {
            if (shuttingDown) {
                throw new ScoringException("the JVM is shutting down: its Lamina models are closed");
            }
            Slot slot = SLOTS.computeIfAbsent(key, Slot::new);
            Lease lease = slot.acquire(source);
            if (lease != null) {
                return lease;
            }
            // closeAll() closed this slot between the lookup and the acquire: take a fresh one.
            SLOTS.remove(key, slot);
        }
    }

    /** Reads, checks and compiles; every failure is Lamina's message with the files named. */
    private static CompiledModel compile(ModelKey key, ModelSource source) {
        long start = System.nanoTime();
        List<Path> files = ModelFiles.resolveAll(source.files());
        LoadedModel loaded;
        try {
            loaded = source.load(files);
        } catch (RuntimeException e) {
            throw new ScoringException(e.getMessage(), e); // Lamina's own: the file, the layer, the shapes
        }
        String digest = ModelKey.digest(files);
        if (!digest.equals(key.sha256())) {
            throw new ScoringException("the model files " + files + " on this JVM are not the ones the job was"
                    + " planned with (SHA-256 " + digest.substring(0, 12) + "…, expected "
                    + key.shortHash() + "…): give every executor the same files");
        }
        CompiledModel compiled;
        try {
            compiled = key.backend().isEmpty() ? Lamina.compile(loaded.model(), loaded.weights())
                    : Lamina.compile(loaded.model(), loaded.weights(), key.backend());
        } catch (RuntimeException e) {
            throw new ScoringException(loaded.model().name() + ": " + e.getMessage(), e);
        }
        COMPILATIONS.incrementAndGet();
        // Lamina logs the backend it chose; this says what it was asked for.
        LOG.log(Level.INFO, () -> "compiled " + loaded.model().name() + " (" + key.shortHash() + "…) on "
                + (key.backend().isEmpty() ? "this JVM's backend" : key.backend()) + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return compiled;
    }

    /** One key's model: compiled on first acquire, closed when closed and unused. */
    private static final class Slot {
        private final ModelKey key;
        private CompiledModel model;
        private int users;
        private boolean closed;

        Slot(ModelKey key) {
            this.key = key;
        }

        /** A lease on the model, compiling it first if need be; null when the slot is closed. */
        synchronized Lease acquire(ModelSource source) {
            if (closed) {
                return null;
            }
            if (model == null) {
                model = compile(key, source); // a failure leaves the slot empty: the next task tries again
            }
            users++;
            return new Lease(this, model);
        }

        synchronized void release() {
            users--;
            if (closed && users == 0) {
                free();
            }
        }

        synchronized void close() {
            closed = true;
            if (users == 0) {
                free();
            }
        }

        private void free() {
            if (model != null) {
                model.close();
                model = null;
            }
        }
    }

    /** A task's use of a compiled model; closing it (once, any number of calls) lets the model be freed. */
    static final class Lease implements AutoCloseable {
        private final Slot slot;
        private final CompiledModel model;
        private boolean released;

        private Lease(Slot slot, CompiledModel model) {
            this.slot = slot;
            this.model = model;
        }

        CompiledModel model() {
            return model;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                slot.release();
            }
        }
    }
}
