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

/**
 * Where a network's tasks go, in graph order: into a TornadoVM task graph ({@link GraphSink}), or, in the
 * tests, straight into the kernels as plain Java. One method per task arity the kernels use, typed as
 * TornadoVM's {@code TaskGraph.task} overloads are, so the same calls serve both.
 *
 * @see Network#emit
 */
interface TaskSink {

    <A, B> void task(String node, Task2<A, B> kernel, A a, B b);

    <A, B, C> void task(String node, Task3<A, B, C> kernel, A a, B b, C c);

    <A, B, C, D> void task(String node, Task4<A, B, C, D> kernel, A a, B b, C c, D d);

    <A, B, C, D, E> void task(String node, Task5<A, B, C, D, E> kernel, A a, B b, C c, D d, E e);

    <A, B, C, D, E, F> void task(String node, Task6<A, B, C, D, E, F> kernel, A a, B b, C c, D d, E e, F f);

    <A, B, C, D, E, F, G> void task(
            String node, Task7<A, B, C, D, E, F, G> kernel,
            A a, B b, C c, D d, E e, F f, G g);

    <A, B, C, D, E, F, G, H> void task(
            String node, Task8<A, B, C, D, E, F, G, H> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h);

    <A, B, C, D, E, F, G, H, I, J, K, L, M, N> void task(
            String node, Task14<A, B, C, D, E, F, G, H, I, J, K, L, M, N> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n);

    <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O> void task(
            String node, Task15<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o);

    <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> void task(
            String node, Task19<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s);

    <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> void task(
            String node, Task20<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s, T t);

    /**
     * A {@link KernelContext} kernel on a 1-D grid of {@code global} threads in work-groups of {@code local}
     * ({@code global} a multiple of {@code local}).
     */
    <B, C, D, E, F, G, H> void kernel(String node, int global, int local,
                                      Task8<KernelContext, B, C, D, E, F, G, H> kernel,
                                      B b, C c, D d, E e, F f, G g, H h);
}
