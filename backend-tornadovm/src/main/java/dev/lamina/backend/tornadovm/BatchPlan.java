package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A network ready to run on one batch size: a buffer per value, and whatever executes the tasks on them.
 * Not thread-safe: {@link NetworkExecutable} uses a plan only under its lock.
 */
abstract class BatchPlan {
    final int batch;
    final Map<String, FloatArray> buffers;
    /** Host arrays for the device inputs: a tensor can only be copied out into a float[]. */
    final Map<String, float[]> staging = new HashMap<>();
    private boolean closed;

    BatchPlan(Network network, int batch) {
        this.batch = batch;
        this.buffers = network.allocate(batch);
        for (String in : network.deviceInputs()) {
            staging.put(in, new float[buffers.get(in).getSize()]);
        }
    }

    /** Runs every task on the current contents of the input buffers, then copies {@code fetch} back. */
    abstract void execute(List<FloatArray> fetch);

    /** Frees what the plan holds (device memory). */
    abstract void release();

    final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }
}
