package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link BatchPlan} that runs a {@link GraphPartition} as TornadoVM runs several task graphs, the tasks as plain
 * Java: each graph has a device memory of its own (a buffer per value, kept between executions), into which only
 * what the partition declares arrives — the graph inputs it sends (copied from the host on every execution), the
 * values it consumes (the very buffers of the graph before, which must hold them) — and out of which only the
 * values a call fetches return, from the graph that computes them. A partition that forgets a crossing fails here:
 * a task reads a value its graph does not hold.
 */
final class SplitJavaPlan extends BatchPlan {
    private final Network network;
    private final GraphPartition partition;
    private final List<Map<String, FloatArray>> memories = new ArrayList<>();
    /** Which host buffer holds which value. */
    private final Map<FloatArray, String> names = new IdentityHashMap<>();
    boolean released;
    int executions;

    SplitJavaPlan(Network network, int batch, GraphPartition partition) {
        super(network, batch);
        this.network = network;
        this.partition = partition;
        buffers.forEach((name, b) -> names.put(b, name));
        for (int p = 0; p < partition.size(); p++) {
            memories.add(new HashMap<>());
        }
    }

    @Override
    void execute(List<FloatArray> fetch) {
        if (released) {
            throw new AssertionError("batch " + batch + ": executed after release()");
        }
        List<GraphPartition.Step> steps = network.census();
        for (FloatArray b : fetch) {
            if (partition.parts().stream().noneMatch(part -> part.produced().contains(names.get(b)))) {
                throw new AssertionError("fetching " + names.get(b) + ", which no graph computes");
            }
        }
        for (int p = 0; p < partition.size(); p++) {
            GraphPartition.Part part = partition.parts().get(p);
            Map<String, FloatArray> memory = memories.get(p);
            for (String v : part.consumed()) {
                FloatArray b = p == 0 ? null : memories.get(p - 1).get(v);
                if (b == null) {
                    throw new AssertionError("graph " + p + " consumes " + v + ", which graph " + (p - 1)
                            + " does not hold");
                }
                memory.put(v, b);
            }
            for (String v : part.sent()) {
                FloatArray device = memory.computeIfAbsent(v, k -> new FloatArray(buffers.get(k).getSize()));
                device.getSegment().copyFrom(buffers.get(v).getSegment());
            }
            for (String v : part.produced()) {
                memory.computeIfAbsent(v, k -> new FloatArray(buffers.get(k).getSize()));
            }
            for (int i = part.from(); i < part.to(); i++) {
                for (String r : steps.get(i).reads()) {
                    if (!memory.containsKey(r)) {
                        throw new AssertionError("graph " + p + ": step " + steps.get(i).layer() + " reads " + r
                                + ", which is not on the device there");
                    }
                }
            }
            network.emit(new HostSink(), memory, batch, part);
            for (FloatArray b : fetch) {
                String v = names.get(b);
                if (part.produced().contains(v)) {
                    b.getSegment().copyFrom(memory.get(v).getSegment());
                }
            }
        }
        executions++;
    }

    @Override
    void release() {
        released = true;
    }
}
