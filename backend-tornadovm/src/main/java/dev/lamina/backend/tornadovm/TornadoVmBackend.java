package dev.lamina.backend.tornadovm;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
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
 * the runtime chose. The layer types of Lamina 0.1 have kernels ({@link LayerTasks}); the 0.2 layers and
 * parameters (groups, asymmetric padding, ceil_mode, dilated max pooling, count_include_pad=false,
 * broadcast add) are declined until their kernels exist.
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
        Layer l = node.layer();
        boolean known = l instanceof Conv2d || l instanceof Dense || l instanceof MaxPool2d || l instanceof AvgPool2d
                || l instanceof ReLU || l instanceof Sigmoid || l instanceof Tanh || l instanceof Softmax
                || l instanceof Flatten || l instanceof Add || l instanceof Concat;
        if (!known) {
            return Support.no("tornadovm has no kernel for layer type " + l.type() + " yet");
        }
        if (l instanceof Conv2d c && (c.groups() != 1 || !c.padding().symmetric())) {
            return Support.no("tornadovm runs conv2d with groups 1 and symmetric padding only (groups "
                    + c.groups() + ", padding " + c.padding() + ")");
        }
        if (l instanceof MaxPool2d p && (p.ceilMode() || p.dilation().h() != 1 || p.dilation().w() != 1
                || !p.padding().symmetric())) {
            return Support.no("tornadovm runs maxpool2d without ceil_mode, dilation or asymmetric padding only");
        }
        if (l instanceof AvgPool2d p && (p.ceilMode() || !p.countIncludePad() || !p.padding().symmetric())) {
            return Support.no("tornadovm runs avgpool2d without ceil_mode, count_include_pad=false or"
                    + " asymmetric padding only");
        }
        if (l instanceof Add && !node.inputShapes().stream().allMatch(node.outputShape()::equals)) {
            return Support.no("tornadovm does not broadcast add yet");
        }
        return Support.yes();
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
