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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts what a step's tasks would put into a TornadoVM task graph, running nothing ({@link #of}): the step is
 * emitted with null for each input's buffer and a marker for its output's ({@link LayerTask#emit} only hands
 * buffers on), once at batch 1 and once at batch 2, into this sink, which records each task's arguments.
 */
final class TaskCensus implements TaskSink {
    /** What the census passes for a task's {@link KernelContext} (GraphSink#kernel gives it a new one). */
    private static final Object CONTEXT = new Object();
    /** What the census passes for the step's output buffer. */
    private static final FloatArray OUTPUT = new FloatArray(1);

    /**
     * One task's arguments: the constants (boxed primitives) in order, how many are the output buffer (the one
     * buffer a kernel writes) and contexts, and the weights.
     */
    private record Arguments(int count, List<Object> constants, int outputs, int contexts, Set<Integer> weights) {
    }

    private final Map<FloatArray, Integer> weightIndex;
    private final List<Arguments> tasks = new ArrayList<>();

    private TaskCensus(Map<FloatArray, Integer> weightIndex) {
        this.weightIndex = weightIndex;
    }

    /**
     * The step of {@code task} as {@link GraphPartition} sees it.
     *
     * @param weightIndex each weight's index in the network's list (identity)
     */
    static GraphPartition.Step of(String layer, String output, List<String> reads, LayerTask task,
                                  Map<FloatArray, Integer> weightIndex) {
        TaskCensus one = new TaskCensus(weightIndex);
        task.emit(one, new FloatArray[reads.size()], OUTPUT, 1);
        TaskCensus two = new TaskCensus(weightIndex);
        task.emit(two, new FloatArray[reads.size()], OUTPUT, 2);
        if (one.tasks.isEmpty() || one.tasks.size() != two.tasks.size()) {
            throw new IllegalStateException(layer + ": " + one.tasks.size() + " tasks at batch 1, " + two.tasks.size()
                    + " at batch 2");
        }
        int bytes = 0;
        int nodes = 0;
        Set<Object> constants = new HashSet<>();
        Set<Integer> weights = new TreeSet<>();
        for (int t = 0; t < one.tasks.size(); t++) {
            Arguments a = one.tasks.get(t);
            Arguments b = two.tasks.get(t);
            if (a.constants().size() != b.constants().size()) {
                throw new IllegalStateException(layer + ": task " + t + " changes its arguments with the batch");
            }
            bytes = Math.addExact(bytes, GraphPartition.taskBytes(a.count()));
            // the task, its buffer allocation, a dependent read of what it writes (its output: a kernel never
            // writes its inputs or weights), a context's object nodes and, for safety, a dependent read of it too
            nodes = Math.addExact(nodes, 2 + a.outputs() + a.contexts() * 4);
            for (int i = 0; i < a.constants().size(); i++) {
                Object c = a.constants().get(i);
                if (Objects.equals(c, b.constants().get(i))) {
                    constants.add(c);
                } else {
                    nodes++; // depends on the batch: counted as distinct from every other constant
                }
            }
            weights.addAll(a.weights());
        }
        return new GraphPartition.Step(layer, output, reads, List.copyOf(weights), one.tasks.size(), bytes, nodes,
                constants);
    }

    private void count(Object... args) {
        List<Object> constants = new ArrayList<>();
        int outputs = 0;
        int contexts = 0;
        Set<Integer> weights = new TreeSet<>();
        for (Object a : args) {
            if (a == null) {
                continue; // an input's buffer
            } else if (a == OUTPUT) {
                outputs++;
            } else if (a == CONTEXT) {
                contexts++;
            } else if (a instanceof FloatArray f) {
                Integer w = weightIndex.get(f);
                if (w == null) {
                    throw new IllegalStateException("a task argument that is neither a value's buffer nor a weight");
                }
                weights.add(w);
            } else {
                constants.add(a);
            }
        }
        tasks.add(new Arguments(args.length, constants, outputs, contexts, weights));
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
        count(CONTEXT, b, c, d, e, f, g, h);
    }
}
