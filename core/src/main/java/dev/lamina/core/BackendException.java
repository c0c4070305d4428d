package dev.lamina.core;

/** No backend fits the request; the message lists every backend found and why each cannot serve. */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }
}
