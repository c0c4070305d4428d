package uk.ac.manchester.tornado.api;

/**
 * Declaration of TornadoVM's {@code WorkerGrid} (tornado-api 5.2.0-jdk25). Compile time only; see
 * backend-tornadovm/README.md.
 */
public interface WorkerGrid {
}
