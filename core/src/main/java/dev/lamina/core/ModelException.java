package dev.lamina.core;

/** A model, its weights or its input is not valid; the message names the layer and the numbers. */
public class ModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
