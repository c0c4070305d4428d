package dev.lamina.cli;

/** A command ran and reached a negative verdict (a failed kit, diverging backends): exit code 1. */
class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
