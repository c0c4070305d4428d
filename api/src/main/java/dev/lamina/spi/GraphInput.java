package dev.lamina.spi;

import dev.lamina.api.Shape;

import java.util.Objects;

/** A named input of a graph, with its per-sample shape. */
public record GraphInput(String name, Shape shape) {
    public GraphInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
    }
}
