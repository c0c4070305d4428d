package dev.lamina.core;

import dev.lamina.api.Layer;
import dev.lamina.api.Shape;

import java.util.List;

/**
 * Builds a model layer after layer, as {@code nn.Sequential} or Keras' {@code Sequential}. Each layer
 * reads the previous one; {@link #add(String, Layer, String...)} names other inputs (for Add/Concat).
 * Shapes are checked as each layer is added.
 */
public final class SequentialBuilder {
    private final ShapeInference inference;

    SequentialBuilder(String name, Shape input) {
        this.inference = new ShapeInference(name, input);
    }

    public SequentialBuilder add(String name, Layer layer) {
        inference.add(name, layer, List.of(inference.last()));
        return this;
    }

    /** Adds a layer that reads the named values ({@code input} or earlier layers). */
    public SequentialBuilder add(String name, Layer layer, String... inputs) {
        inference.add(name, layer, inputs.length == 0 ? List.of(inference.last()) : List.of(inputs));
        return this;
    }

    /** The model; its output is the last layer added. */
    public Model build() {
        return inference.build(inference.last());
    }
}
