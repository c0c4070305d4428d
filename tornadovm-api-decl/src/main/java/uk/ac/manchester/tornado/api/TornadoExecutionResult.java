package uk.ac.manchester.tornado.api;

/**
 * Declaration of TornadoVM's {@code TornadoExecutionResult} (tornado-api 5.2.0-jdk25). Compile time only;
 * see backend-tornadovm/README.md.
 */
public class TornadoExecutionResult {

    TornadoExecutionResult() {
        throw TaskGraph.undeclared();
    }

    /** Copies objects declared {@code DataTransferMode.UNDER_DEMAND} back to the host, now. */
    public TornadoExecutionResult transferToHost(Object... objects) {
        throw TaskGraph.undeclared();
    }
}
