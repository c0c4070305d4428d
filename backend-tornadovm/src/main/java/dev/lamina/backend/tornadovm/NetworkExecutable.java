package dev.lamina.backend.tornadovm;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Executable;
import dev.lamina.spi.helpers.PlanInputs;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A compiled network: one {@link BatchPlan} per batch size seen (the task graph is specialised to its
 * sizes), the {@value #MAX_PLANS} most recently used kept, each built on first use.
 *
 * <p>Thread safety: TornadoVM's task graphs and execution plans are not thread-safe, so a call holds
 * {@code lock} while it fills the input buffers, executes and copies the outputs out. The TornadoVM
 * backend passes one lock per JVM: calls from many threads are correct, and run one at a time on the
 * device (which a single kernel keeps busy anyway).
 *
 * <p>Only what is needed crosses to and from the device: the graph inputs the tasks read, and the requested
 * values; a requested graph input (or a view of one) comes straight from the caller's tensor.
 */
final class NetworkExecutable implements Executable {
    static final int MAX_PLANS = 4;

    private final Network network;
    private final BiFunction<Network, Integer, BatchPlan> planFactory;
    private final Lock lock;
    private final String where;
    private final Consumer<NetworkExecutable> onClose;
    private final LinkedHashMap<Integer, BatchPlan> plans = new LinkedHashMap<>(8, 0.75f, true);
    private volatile boolean closed;

    /**
     * @param planFactory builds the plan of a batch size
     * @param lock        held by every call, see above
     * @param where       the device, for error messages
     * @param onClose     told when this is closed
     */
    NetworkExecutable(Network network, BiFunction<Network, Integer, BatchPlan> planFactory, Lock lock,
                      String where, Consumer<NetworkExecutable> onClose) {
        this.network = network;
        this.planFactory = planFactory;
        this.lock = lock;
        this.where = where;
        this.onClose = onClose;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
        if (closed) {
            throw new IllegalStateException("tornadovm: this compiled network is closed");
        }
        int batch = PlanInputs.batchOf(network.graph(), inputs);
        Set<String> computed = new LinkedHashSet<>();
        for (String name : outputs) {
            if (network.shape(name) == null) {
                throw new IllegalArgumentException("no value named " + name + " in this graph");
            }
            if (!network.isGraphInput(network.holder(name))) {
                computed.add(name);
            }
        }
        Map<String, Tensor> fromDevice = computed.isEmpty() ? Map.of() : runOnDevice(batch, inputs, computed);
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (String name : outputs) {
            Tensor t = fromDevice.get(name);
            if (t == null) {
                t = inputs.get(network.holder(name)).reshape(network.shape(name).withBatch(batch));
            }
            result.put(name, t);
        }
        return result;
    }

    private Map<String, Tensor> runOnDevice(int batch, Map<String, Tensor> inputs, Set<String> names) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("tornadovm: this compiled network is closed");
            }
            BatchPlan plan;
            try {
                plan = plan(batch);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                throw buildFailure(batch, where, network.graph().nodes().size(), e);
            }
            for (String in : network.deviceInputs()) {
                float[] host = plan.staging.get(in);
                inputs.get(in).copyTo(host, 0);
                FloatArrays.copy(host, plan.buffers.get(in));
            }
            List<FloatArray> fetch = new ArrayList<>();
            for (String name : names) {
                FloatArray b = plan.buffers.get(network.holder(name));
                if (!fetch.contains(b)) {
                    fetch.add(b);
                }
            }
            try {
                plan.execute(fetch);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                // TornadoVM reports a kernel it cannot compile with exceptions and errors alike.
                IllegalStateException failure = new IllegalStateException("tornadovm: running the network (batch "
                        + batch + ") on " + where + " failed: " + e, e);
                plans.remove(batch);
                try {
                    plan.close();
                } catch (RuntimeException c) {
                    failure.addSuppressed(c);
                }
                throw failure;
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : names) {
                Shape shape = network.shape(name).withBatch(batch);
                float[] values = new float[shape.size()];
                FloatArrays.copy(plan.buffers.get(network.holder(name)), values);
                out.put(name, Tensor.adopt(shape, values));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The plan for a batch size, built when first needed; the least recently used beyond MAX_PLANS is closed. */
    private BatchPlan plan(int batch) {
        BatchPlan plan = plans.get(batch);
        if (plan == null) {
            plan = planFactory.apply(network, batch);
            plans.put(batch, plan);
            if (plans.size() > MAX_PLANS) {
                Iterator<BatchPlan> eldest = plans.values().iterator();
                BatchPlan old = eldest.next();
                eldest.remove();
                old.close();
            }
        }
        return plan;
    }

    /** The batch sizes that have a plan now, least recently used first (for tests). */
    Set<Integer> planned() {
        lock.lock();
        try {
            return new LinkedHashSet<>(plans.keySet());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            plans.values().forEach(BatchPlan::close);
            plans.clear();
        } finally {
            lock.unlock();
        }
        onClose.accept(this);
    }

    /**
     * The error for a task graph that could not be built. TornadoVM 5.2.0 writes a task graph's high-level
     * code into a fixed 8 KiB array ({@code TornadoTaskGraph}, no property changes it); {@link GraphPartition}
     * splits a network into graphs that fit by 5.2.0's encoding, so an overflow means this TornadoVM writes more
     * per task than that: it is named as such.
     */
    static IllegalStateException buildFailure(int batch, String where, int layers, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.nio.BufferOverflowException) {
                return new IllegalStateException("tornadovm: a task graph of the network's " + layers + " layers"
                        + " overflowed TornadoVM's fixed " + GraphPartition.CODE_BYTES + "-byte task-graph code buffer,"
                        + " though each graph was cut to fit it by TornadoVM 5.2.0's encoding of tasks: this TornadoVM"
                        + " writes more per task; run it on another backend (cpu, blas)"
                        + " — building the task graph (batch " + batch + ") for " + where + " failed: " + c, e);
            }
        }
        return new IllegalStateException("tornadovm: building the task graph (batch " + batch + ") for "
                + where + " failed: " + e, e);
    }
}
