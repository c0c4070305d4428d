package dev.lamina.conformance.cases;

import java.util.function.Supplier;

/**
 * A value built on first use and kept: fixtures are cheap but not free, and the runner needs a case's
 * models both to ask the backend about support and to run them.
 */
final class Lazy<T> implements Supplier<T> {
    private Supplier<? extends T> factory;
    private T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = factory;
    }

    static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public synchronized T get() {
        if (factory != null) {
            value = factory.get();
            factory = null;
        }
        return value;
    }
}
