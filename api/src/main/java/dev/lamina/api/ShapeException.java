package dev.lamina.api;

/**
 * A layer cannot take the shapes it is given. The message names the layer, what it expected and what
 * it got.
 */
public class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
