package uk.ac.manchester.tornado.api;

/**
 * Declaration of TornadoVM's {@code WorkerGrid1D} (tornado-api 5.2.0-jdk25). Compile time only; see
 * backend-tornadovm/README.md.
 */
public class WorkerGrid1D extends AbstractWorkerGrid {

    public WorkerGrid1D(int x) {
        throw TaskGraph.undeclared();
    }
}
