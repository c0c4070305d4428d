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

/**
 * Compiles a whole graph into one TornadoVM task graph per batch size ({@link DevicePlan}), on the device
 * the runtime chose. What it supports is {@link LayerTasks}' table: every layer type today.
 */
final class TornadoVmBackend implements Backend {
    private final Devices.Device device;
    private final Lock lock;
    private final Set<NetworkExecutable> compiled = ConcurrentHashMap.newKeySet();

    TornadoVmBackend(Devices.Device device, Lock lock) {
        this.device = device;
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
        NetworkExecutable e = new NetworkExecutable(new Network(graph),
                (network, batch) -> new DevicePlan(network, batch, device.device()), lock, device.label(),
                compiled::remove);
        compiled.add(e);
        return e;
    }

    @Override
    public void close() {
        List.copyOf(compiled).forEach(NetworkExecutable::close);
    }
}
