package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
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
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts what a step's tasks would put into a TornadoVM task graph, running nothing: the bytes of high-level
 * code they write ({@link GraphPartition#taskBytes}, by their number of arguments, the {@link KernelContext} of a
 * {@code kernel} included) and which weights they read. Reset with {@link #clear()} between steps.
 */
final class TaskCensus implements TaskSink {
    private final Map<FloatArray, Integer> weightIndex = new IdentityHashMap<>();
    private final Set<Integer> weights = new TreeSet<>();
    private int bytes;

    /** @param weights the network's weights, by index */
    TaskCensus(List<FloatArray> weights) {
        for (int i = 0; i < weights.size(); i++) {
            weightIndex.put(weights.get(i), i);
        }
    }

    /** The bytes of code of the tasks counted since the last {@link #clear()}. */
    int bytes() {
        return bytes;
    }

    /** The indices of the weights they read, ascending. */
    List<Integer> weights() {
        return List.copyOf(weights);
    }

    void clear() {
        bytes = 0;
        weights.clear();
    }

    private void count(Object... args) {
        bytes = Math.addExact(bytes, GraphPartition.taskBytes(args.length));
        for (Object a : args) {
            Integer w = a instanceof FloatArray f ? weightIndex.get(f) : null;
            if (w != null) {
                weights.add(w);
            }
        }
    }

    @Override
    public <A, B> void task(String node, Task2<A, B> kernel, A a, B b) {
        count(a, b);
    }

    @Override
    public <A, B, C> void task(String node, Task3<A, B, C> kernel, A a, B b, C c) {
        count(a, b, c);
    }

    @Override
    public <A, B, C, D> void task(String node, Task4<A, B, C, D> kernel, A a, B b, C c, D d) {
        count(a, b, c, d);
    }

    @Override
    public <A, B, C, D, E> void task(String node, Task5<A, B, C, D, E> kernel, A a, B b, C c, D d, E e) {
        count(a, b, c, d, e);
    }

    @Override
    public <A, B, C, D, E, F> void task(String node,
            Task6<A, B, C, D, E, F> kernel,
            A a, B b, C c, D d, E e, F f) {
        count(a, b, c, d, e, f);
    }

    @Override
    public <A, B, C, D, E, F, G> void task(String node,
            Task7<A, B, C, D, E, F, G> kernel,
            A a, B b, C c, D d, E e, F f, G g) {
        count(a, b, c, d, e, f, g);
    }

    @Override
    public <A, B, C, D, E, F, G, H> void task(String node,
            Task8<A, B, C, D, E, F, G, H> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h) {
        count(a, b, c, d, e, f, g, h);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N> void task(String node,
            Task14<A, B, C, D, E, F, G, H, I, J, K, L, M, N> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n) {
        count(a, b, c, d, e, f, g, h, i, j, k, l, m, n);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O> void task(String node,
            Task15<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o) {
        count(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> void task(String node,
            Task19<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s) {
        count(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> void task(String node,
            Task20<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s, T t) {
        count(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t);
    }

    @Override
    public <B, C, D, E, F, G, H> void kernel(String node, int global, int local,
                                             Task8<KernelContext, B, C, D, E, F, G, H> kernel,
                                             B b, C c, D d, E e, F f, G g, H h) {
        // the task gets a KernelContext as its first argument (GraphSink#kernel)
        count(null, b, c, d, e, f, g, h);
    }
}
