package uk.ac.manchester.tornado.api;

/**
 * Declaration of TornadoVM's {@code AbstractWorkerGrid} (tornado-api 5.2.0-jdk25). Compile time only; see
 * backend-tornadovm/README.md.
 */
public abstract class AbstractWorkerGrid implements WorkerGrid {

    AbstractWorkerGrid() {
        throw TaskGraph.undeclared();
    }

    public void setLocalWork(long x, long y, long z) {
        throw TaskGraph.undeclared();
    }
}
