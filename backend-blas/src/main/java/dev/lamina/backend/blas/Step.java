package dev.lamina.backend.blas;

/** One pass of a compiled plan over a workspace. Stateless: many calls run the same step at once. */
abstract class Step {
    final String name;

    Step(String name) {
        this.name = name;
    }

    /**
     * Runs the step for samples {@code from … to−1} with one lane's scratch. {@code threads} is how many
     * threads the step may use inside (1 when the plan already splits the batch across threads).
     */
    abstract void run(Workspace ws, Workspace.Lane lane, int from, int to, int threads);

    /** States the lane arrays this step uses, beyond the {@link BlasPlan#CHUNK} every lane has. */
    void scratchNeeds(Scratch.Needs needs) {
    }
}
