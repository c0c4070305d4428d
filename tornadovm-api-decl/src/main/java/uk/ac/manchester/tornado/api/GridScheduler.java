package uk.ac.manchester.tornado.api;

/**
 * Declaration of TornadoVM's {@code GridScheduler} (tornado-api 5.2.0-jdk25): launch geometry per task,
 * keyed {@code "graph.task"}. Compile time only; see backend-tornadovm/README.md.
 */
public class GridScheduler {

    public GridScheduler() {
        throw TaskGraph.undeclared();
    }

    public void addWorkerGrid(String taskName, WorkerGrid workerGrid) {
        throw TaskGraph.undeclared();
    }
}
