package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network as TornadoVM task graphs for one batch size — one graph when it fits in one
 * ({@link GraphPartition}), else several, run in order by one execution plan:
 * <ul>
 *   <li>the weights (and the no-bias placeholder) each graph's tasks read, transferred by that graph
 *       {@code FIRST_EXECUTION}: once, then kept on the device;</li>
 *   <li>the graph inputs the tasks read transferred {@code EVERY_EXECUTION} by the first graph that reads
 *       them;</li>
 *   <li>one task per node (flatten has none: a view), every activation staying on the device between tasks,
 *       and between graphs: a value a later graph reads is persisted by the graph that owns it and consumed
 *       by each graph after it up to the last reader ({@code persistOnDevice} / {@code consumeFromDevice});</li>
 *   <li>every node's output declared {@code UNDER_DEMAND} in the graph that computes it: nothing comes back
 *       unless a call asks for it, and then only what it asks for, each value from the graph that computed
 *       it.</li>
 * </ul>
 * Several graphs run one at a time ({@code withGraph(i).execute()}, i ascending): TornadoVM 5.2.0 hands a
 * consumed buffer on from the graph executed just before, so each must run right after the one it consumes
 * from.
 *
 * <p>The kernels are compiled on the first execution. Compiler flags for OpenCL are {@value #OPENCL_FLAGS}:
 * TornadoVM's default adds {@code -cl-fast-relaxed-math}, which implies {@code -cl-finite-math-only}: the
 * OpenCL compiler may then assume there is no NaN or infinity, and PyTorch's special-value semantics (a NaN
 * in a max-pool window, ±∞ in softmax) become undefined. (PoCL happens to keep them either way; a GPU
 * driver need not.)
 */
final class DevicePlan extends BatchPlan {
    static final String OPENCL_FLAGS = "-w";
    private static final AtomicLong GRAPHS = new AtomicLong();

    private final TornadoExecutionPlan plan;
    private final int graphs;
    /** The graph that computes each node buffer: where it is fetched from. */
    private final Map<FloatArray, Integer> computedIn = new IdentityHashMap<>();

    /** The plan of the network's own partition ({@link Network#partition()}). */
    DevicePlan(Network network, int batch, TornadoDevice device) {
        this(network, batch, device, network.partition());
    }

    DevicePlan(Network network, int batch, TornadoDevice device, GraphPartition partition) {
        super(network, batch);
        List<GraphPartition.Part> parts = partition.parts();
        if (parts.isEmpty()) {
            throw new IllegalStateException("tornadovm: a network without tasks has no task graph");
        }
        graphs = parts.size();
        String name = "lamina" + GRAPHS.incrementAndGet();
        ImmutableTaskGraph[] snapshots = new ImmutableTaskGraph[graphs];
        GridScheduler grids = null;
        String previous = null;
        for (int p = 0; p < graphs; p++) {
            GraphPartition.Part part = parts.get(p);
            String graphName = graphs == 1 ? name : name + "g" + p;
            TaskGraph graph = new TaskGraph(graphName);
            if (!part.consumed().isEmpty()) {
                graph.consumeFromDevice(previous, buffers(part.consumed()));
            }
            List<FloatArray> weights = network.weights(part);
            if (!weights.isEmpty()) {
                graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, weights.toArray());
            }
            if (!part.sent().isEmpty()) {
                graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, buffers(part.sent()));
            }
            GraphSink sink = new GraphSink(graph, graphName, grids);
            network.emit(sink, buffers, batch, part);
            grids = sink.grids();
            // UNDER_DEMAND is what persistOnDevice declares too: a computed value a later graph reads needs no more
            graph.transferToHost(DataTransferMode.UNDER_DEMAND, buffers(part.produced()));
            List<String> inputs = new ArrayList<>(part.persisted());
            inputs.removeAll(part.produced());
            if (!inputs.isEmpty()) {
                graph.persistOnDevice(buffers(inputs));
            }
            for (String v : part.produced()) {
                computedIn.put(buffers.get(v), p);
            }
            snapshots[p] = graph.snapshot();
            previous = graphName;
        }
        plan = new TornadoExecutionPlan(snapshots);
        plan.withDevice(device).withCompilerFlags(TornadoVMBackendType.OPENCL, OPENCL_FLAGS);
        if (grids != null) {
            plan.withGridScheduler(grids);
        }
    }

    private Object[] buffers(List<String> values) {
        return values.stream().map(buffers::get).toArray();
    }

    @Override
    void execute(List<FloatArray> fetch) {
        if (graphs == 1) {
            TornadoExecutionResult result = plan.execute();
            if (!fetch.isEmpty()) {
                result.transferToHost(fetch.toArray());
            }
            return;
        }
        for (FloatArray b : fetch) {
            if (!computedIn.containsKey(b)) {
                throw new IllegalArgumentException("tornadovm: a fetched buffer that no task graph computes");
            }
        }
        for (int p = 0; p < graphs; p++) {
            TornadoExecutionResult result = plan.withGraph(p).execute();
            int graph = p;
            Object[] here = fetch.stream().filter(b -> computedIn.get(b) == graph).toArray();
            if (here.length > 0) {
                result.transferToHost(here);
            }
        }
    }

    @Override
    void release() {
        try {
            if (graphs > 1) {
                plan.withAllGraphs(); // close() frees the selected graphs only
            }
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("tornadovm: could not free the plan's device memory: " + e, e);
        }
    }
}
