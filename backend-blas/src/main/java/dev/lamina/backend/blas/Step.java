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

    /** Raises {@code heap[i]} to the size of heap array i this step needs. */
    void heapNeeds(int[] heap) {
    }

    static void need(int[] heap, int i, long size) {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a sample needs " + size + " floats in one array, too many");
        }
        heap[i] = Math.max(heap[i], (int) size);
    }
}
