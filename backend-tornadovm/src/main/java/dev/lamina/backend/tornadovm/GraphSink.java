package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task14;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task15;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task19;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task2;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task20;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task3;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task4;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task5;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task6;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task7;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task8;

/**
 * Adds tasks to a TornadoVM {@link TaskGraph}, named {@code t0, t1, …} in order (valid TornadoVM task names,
 * whatever the layers are called), and collects the launch grids of {@link KernelContext} kernels, keyed
 * {@code graph.task} as TornadoVM wants them, into one scheduler for every graph of a plan.
 */
final class GraphSink implements TaskSink {
    private final TaskGraph graph;
    private final String graphName;
    private int tasks;
    private GridScheduler grids;

    /**
     * @param grids the launch grids of the plan's earlier graphs, or null when none needed one: this sink adds
     *              its own to them
     */
    GraphSink(TaskGraph graph, String graphName, GridScheduler grids) {
        this.graph = graph;
        this.graphName = graphName;
        this.grids = grids;
    }

    /** The launch grids so far (the earlier graphs' and this one's), or null when no task needs one. */
    GridScheduler grids() {
        return grids;
    }

    private String id(String node) {
        return "t" + tasks++;
    }

    @Override
    public <A, B> void task(String node, Task2<A, B> kernel, A a, B b) {
        graph.task(id(node), kernel, a, b);
    }

    @Override
    public <A, B, C> void task(String node, Task3<A, B, C> kernel, A a, B b, C c) {
        graph.task(id(node), kernel, a, b, c);
    }

    @Override
    public <A, B, C, D> void task(String node, Task4<A, B, C, D> kernel, A a, B b, C c, D d) {
        graph.task(id(node), kernel, a, b, c, d);
    }

    @Override
    public <A, B, C, D, E> void task(String node, Task5<A, B, C, D, E> kernel, A a, B b, C c, D d, E e) {
        graph.task(id(node), kernel, a, b, c, d, e);
    }

    @Override
    public <A, B, C, D, E, F> void task(String node,
            Task6<A, B, C, D, E, F> kernel,
            A a, B b, C c, D d, E e, F f) {
        graph.task(id(node), kernel, a, b, c, d, e, f);
    }

    @Override
    public <A, B, C, D, E, F, G> void task(String node,
            Task7<A, B, C, D, E, F, G> kernel,
            A a, B b, C c, D d, E e, F f, G g) {
        graph.task(id(node), kernel, a, b, c, d, e, f, g);
    }

    @Override
    public <A, B, C, D, E, F, G, H> void task(String node,
            Task8<A, B, C, D, E, F, G, H> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h) {
        graph.task(id(node), kernel, a, b, c, d, e, f, g, h);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N> void task(String node,
            Task14<A, B, C, D, E, F, G, H, I, J, K, L, M, N> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n) {
        graph.task(id(node), kernel, a, b, c, d, e, f, g, h, i, j, k, l, m, n);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O> void task(String node,
            Task15<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o) {
        graph.task(id(node), kernel, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> void task(String node,
            Task19<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s) {
        graph.task(id(node), kernel, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> void task(String node,
            Task20<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s, T t) {
        graph.task(id(node), kernel, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t);
    }

    @Override
    public <B, C, D, E, F, G, H> void kernel(String node, int global, int local,
                                             Task8<KernelContext, B, C, D, E, F, G, H> kernel,
                                             B b, C c, D d, E e, F f, G g, H h) {
        String task = id(node);
        graph.task(task, kernel, new KernelContext(), b, c, d, e, f, g, h);
        WorkerGrid1D grid = new WorkerGrid1D(global);
        grid.setLocalWork(local, 1, 1);
        if (grids == null) {
            grids = new GridScheduler();
        }
        grids.addWorkerGrid(graphName + "." + task, grid);
    }
}
