package uk.ac.manchester.tornado.api.enums;

/**
 * Declaration of TornadoVM's {@code DataTransferMode} (tornado-api 5.2.0-jdk25). The values are compile-time
 * constants, inlined by javac: they must be, and are, the real ones.
 */
public class DataTransferMode {

    /** Copied on the first execution only; stays on the device afterwards (weights). */
    public static final int FIRST_EXECUTION = 0;

    /** Copied on every execution. */
    public static final int EVERY_EXECUTION = 1;

    /** Copied back only when the program asks, through {@code TornadoExecutionResult.transferToHost}. */
    public static final int UNDER_DEMAND = 2;

    private DataTransferMode() {
    }
}
