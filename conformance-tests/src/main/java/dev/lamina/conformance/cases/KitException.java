package dev.lamina.conformance.cases;

/** The kit itself could not prepare a case (a resource missing or unreadable): not the backend's fault. */
public final class KitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KitException(String message, Throwable cause) {
        super(message, cause);
    }
}
