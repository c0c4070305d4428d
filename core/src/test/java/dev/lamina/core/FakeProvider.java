package dev.lamina.core;

import dev.lamina.api.Layer;
import dev.lamina.api.ReLU;
import dev.lamina.api.Tanh;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.KernelBackend;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A configurable backend for core's tests: runs ReLU and Tanh for real, declares what it supports. */
class FakeProvider implements BackendProvider {
    final String id;
    final int priority;
    final Availability availability;
    final Set<Class<? extends Layer>> supported;
    final AtomicInteger probes = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    FakeProvider(String id, int priority, Availability availability, Set<Class<? extends Layer>> supported) {
        this.id = id;
        this.priority = priority;
        this.availability = availability;
        this.supported = supported;
    }

    static FakeProvider available(String id, int priority) {
        return new FakeProvider(id, priority, Availability.available("ok"), Set.of(ReLU.class, Tanh.class));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Availability probe() {
        probes.incrementAndGet();
        return availability;
    }

    @Override
    public Backend create() {
        return new KernelBackend() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Support supports(Node node) {
                return supported.contains(node.layer().getClass()) ? Support.yes()
                        : Support.no("the " + id + " test backend has no " + node.layer().type());
            }

            @Override
            protected Kernel kernel(Node node) {
                int size = node.outputShape().size();
                boolean relu = node.layer() instanceof ReLU;
                return (batch, in, out) -> {
                    for (int i = 0; i < batch * size; i++) {
                        out[i] = relu ? Math.max(0f, in[0][i]) : (float) Math.tanh(in[0][i]);
                    }
                };
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }
}
