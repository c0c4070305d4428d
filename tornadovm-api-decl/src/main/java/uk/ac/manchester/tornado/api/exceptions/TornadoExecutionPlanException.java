package uk.ac.manchester.tornado.api.exceptions;

/** Declaration of TornadoVM's checked {@code TornadoExecutionPlanException} (tornado-api 5.2.0-jdk25). */
public class TornadoExecutionPlanException extends Exception {
    private static final long serialVersionUID = 1L;

    public TornadoExecutionPlanException(String message) {
        super(message);
    }
}
