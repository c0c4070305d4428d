package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task12;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task19;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task2;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task20;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task3;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task5;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task7;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task8;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs each task at once, as plain Java, with the very arguments the task graph would get: the kernels'
 * {@code @Parallel} loops run sequentially, {@link KernelContext} kernels on the {@link KernelEmulator}.
 */
final class HostSink implements TaskSink {
    final List<String> tasks = new ArrayList<>();

    @Override
    public <A, B> void task(String node, Task2<A, B> kernel, A a, B b) {
        tasks.add(node);
        kernel.apply(a, b);
    }

    @Override
    public <A, B, C> void task(String node, Task3<A, B, C> kernel, A a, B b, C c) {
        tasks.add(node);
        kernel.apply(a, b, c);
    }

    @Override
    public <A, B, C, D, E> void task(String node, Task5<A, B, C, D, E> kernel, A a, B b, C c, D d, E e) {
        tasks.add(node);
        kernel.apply(a, b, c, d, e);
    }

    @Override
    public <A, B, C, D, E, F, G> void task(String node, Task7<A, B, C, D, E, F, G> kernel, A a, B b, C c, D d,
                                           E e, F f, G g) {
        tasks.add(node);
        kernel.apply(a, b, c, d, e, f, g);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L> void task(String node,
            Task12<A, B, C, D, E, F, G, H, I, J, K, L> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l) {
        tasks.add(node);
        kernel.apply(a, b, c, d, e, f, g, h, i, j, k, l);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> void task(String node,
            Task19<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s) {
        tasks.add(node);
        kernel.apply(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s);
    }

    @Override
    public <A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> void task(String node,
            Task20<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T> kernel,
            A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p, Q q, R r, S s, T t) {
        tasks.add(node);
        kernel.apply(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t);
    }

    @Override
    public <B, C, D, E, F, G, H> void kernel(String node, int global, int local,
                                             Task8<KernelContext, B, C, D, E, F, G, H> kernel,
                                             B b, C c, D d, E e, F f, G g, H h) {
        tasks.add(node);
        KernelEmulator.run1D(global, local, kc -> kernel.apply(kc, b, c, d, e, f, g, h));
    }
}
