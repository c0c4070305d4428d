package uk.ac.manchester.tornado.api;

import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

/**
 * Declaration of TornadoVM's {@code TornadoExecutionPlan} (tornado-api 5.2.0-jdk25): the members
 * backend-tornadovm uses, with the real signatures. Compile time only — every member throws. Unlike the
 * real class, this one has no static initialiser (the real one starts the TornadoVM runtime when the class
 * is initialised). See backend-tornadovm/README.md.
 */
public class TornadoExecutionPlan implements AutoCloseable {

    public TornadoExecutionPlan(ImmutableTaskGraph... immutableTaskGraphs) {
        throw TaskGraph.undeclared();
    }

    public TornadoExecutionPlan withDevice(TornadoDevice device) {
        throw TaskGraph.undeclared();
    }

    public TornadoExecutionPlan withGridScheduler(GridScheduler gridScheduler) {
        throw TaskGraph.undeclared();
    }

    public TornadoExecutionPlan withCompilerFlags(TornadoVMBackendType backend, String compilerFlags) {
        throw TaskGraph.undeclared();
    }

    /** Selects the graph of index {@code graphIndex} (constructor order): {@code execute} then runs it alone. */
    public TornadoExecutionPlan withGraph(int graphIndex) {
        throw TaskGraph.undeclared();
    }

    /** Selects every graph again, after {@link #withGraph}. */
    public TornadoExecutionPlan withAllGraphs() {
        throw TaskGraph.undeclared();
    }

    public TornadoExecutionResult execute() {
        throw TaskGraph.undeclared();
    }

    public TornadoExecutionPlan freeDeviceMemory() {
        throw TaskGraph.undeclared();
    }

    @Override
    public void close() throws TornadoExecutionPlanException {
        throw TaskGraph.undeclared();
    }
}
