package uk.ac.manchester.tornado.api;

/**
 * Declaration of TornadoVM's {@code ImmutableTaskGraph} (tornado-api 5.2.0-jdk25), the snapshot of a
 * {@link TaskGraph} that an execution plan runs. Compile time only; see backend-tornadovm/README.md.
 */
public class ImmutableTaskGraph {

    ImmutableTaskGraph() {
        throw TaskGraph.undeclared();
    }
}
