package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.List;

/** A {@link BatchPlan} that runs the network's tasks as plain Java ({@link HostSink}) instead of on a device. */
class JavaPlan extends BatchPlan {
    private final Network network;
    boolean released;

    JavaPlan(Network network, int batch) {
        super(network, batch);
        this.network = network;
    }

    @Override
    void execute(List<FloatArray> fetch) {
        if (released) {
            // on a device this would run kernels on freed buffers
            throw new AssertionError("batch " + batch + ": executed after release()");
        }
        network.emit(new HostSink(), buffers, batch);
    }

    @Override
    void release() {
        released = true;
    }
}
