package dev.lamina.core;

/**
 * What a model, its weights or a batch would need does not fit the memory left (the JVM heap, or a native
 * backend's limit). Thrown before anything is allocated, instead of an {@code OutOfMemoryError} halfway
 * through; the message names the layer and its shape, the bytes needed and free, and the knob to change.
 * A {@link ModelException}, so the CLI exits with 2.
 */
public final class MemoryException extends ModelException {
    private static final long serialVersionUID = 1L;

    private final long neededBytes;
    private final long freeBytes;

    public MemoryException(String message, long neededBytes, long freeBytes) {
        super(message);
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
    }

    public long neededBytes() {
        return neededBytes;
    }

    public long freeBytes() {
        return freeBytes;
    }
}
