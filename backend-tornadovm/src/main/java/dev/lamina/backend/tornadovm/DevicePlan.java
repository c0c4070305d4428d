package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole network as one TornadoVM task graph for one batch size:
 * <ul>
 *   <li>weights (and the no-bias placeholder) transferred {@code FIRST_EXECUTION}: once, then kept on the
 *       device;</li>
 *   <li>the graph inputs the tasks read transferred {@code EVERY_EXECUTION};</li>
 *   <li>one task per node (flatten has none: a view), every activation staying on the device between
 *       tasks;</li>
 *   <li>every node's output declared {@code UNDER_DEMAND}: nothing comes back unless a call asks for it,
 *       and then only what it asks for.</li>
 * </ul>
 * The kernels are compiled on the first execution. Compiler flags for OpenCL are {@value #OPENCL_FLAGS}:
 * TornadoVM's default adds {@code -cl-fast-relaxed-math}, which implies {@code -cl-finite-math-only}: the
 * OpenCL compiler may then assume there is no NaN or infinity, and PyTorch's special-value semantics (a NaN
 * in a max-pool window, ±∞ in softmax) become undefined. (PoCL happens to keep them either way; a GPU
 * driver need not.)
 */
final class DevicePlan extends BatchPlan {
    static final String OPENCL_FLAGS = "-w";
    private static final AtomicLong GRAPHS = new AtomicLong();

    private final TornadoExecutionPlan plan;

    DevicePlan(Network network, int batch, TornadoDevice device) {
        super(network, batch);
        String name = "lamina" + GRAPHS.incrementAndGet();
        TaskGraph graph = new TaskGraph(name);
        if (!network.weights().isEmpty()) {
            graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, network.weights().toArray());
        }
        Object[] inputs = network.deviceInputs().stream().map(buffers::get).toArray();
        if (inputs.length > 0) {
            graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, inputs);
        }
        GraphSink sink = new GraphSink(graph, name);
        network.emit(sink, buffers, batch);
        graph.transferToHost(DataTransferMode.UNDER_DEMAND,
                network.nodeBuffers().stream().map(buffers::get).toArray());
        plan = new TornadoExecutionPlan(graph.snapshot());
        plan.withDevice(device).withCompilerFlags(TornadoVMBackendType.OPENCL, OPENCL_FLAGS);
        if (sink.grids() != null) {
            plan.withGridScheduler(sink.grids());
        }
    }

    @Override
    void execute(List<FloatArray> fetch) {
        TornadoExecutionResult result = plan.execute();
        if (!fetch.isEmpty()) {
            result.transferToHost(fetch.toArray());
        }
    }

    @Override
    void release() {
        try {
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("tornadovm: could not free the plan's device memory: " + e, e);
        }
    }
}
