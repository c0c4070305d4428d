package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;

/**
 * Compiles a whole graph into one TornadoVM task graph per batch size ({@link DevicePlan}), on the device
 * the runtime chose. What it supports is {@link LayerTasks}' table: every layer type and parameter today.
 */
final class TornadoVmBackend implements Backend {
    private final String where;
    private final BiFunction<Network, Integer, BatchPlan> plans;
    private final Lock lock;
    private final Set<NetworkExecutable> compiled = ConcurrentHashMap.newKeySet();

    /** The backend on a TornadoVM device: a {@link DevicePlan} per batch size. */
    TornadoVmBackend(Devices.Device device, Lock lock) {
        this(device.label(), (network, batch) -> new DevicePlan(network, batch, device.device()), lock);
    }

    /**
     * The backend on a TornadoVM device, each network split into task graphs within {@code graphBudget} rather than
     * {@link GraphPartition.Budget#DEFAULT} (the device tests use small budgets, to run many graphs).
     */
    TornadoVmBackend(Devices.Device device, Lock lock, GraphPartition.Budget graphBudget) {
        this(device.label(), (network, batch) -> new DevicePlan(network, batch, device.device(),
                network.partition(graphBudget)), lock);
    }

    /**
     * The backend with plans from {@code plans} (the tests run the very same networks with every task as plain
     * Java), {@code where} naming what runs them in error messages.
     */
    TornadoVmBackend(String where, BiFunction<Network, Integer, BatchPlan> plans, Lock lock) {
        this.where = where;
        this.plans = plans;
        this.lock = lock;
    }

    @Override
    public String id() {
        return TornadoVmBackendProvider.ID;
    }

    @Override
    public Support supports(Node node) {
        return LayerTasks.TABLE.supports(node);
    }

    @Override
    public Executable compile(Graph graph) {
        NetworkExecutable e = new NetworkExecutable(new Network(graph), plans, lock, where, compiled::remove);
        compiled.add(e);
        return e;
    }

    @Override
    public void close() {
        List.copyOf(compiled).forEach(NetworkExecutable::close);
    }
}
