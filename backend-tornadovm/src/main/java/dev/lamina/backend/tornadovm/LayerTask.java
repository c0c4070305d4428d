package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/** One node's task(s), with its weights already in {@link FloatArray}s. */
@FunctionalInterface
interface LayerTask {

    /**
     * Sends the node's task(s) to {@code sink}. It only hands the buffers on, never reads them: {@link Network}
     * counts a step's tasks ({@link TaskCensus}) by emitting it with null buffers.
     *
     * @param inputs the buffers of the node's inputs, in order, each holding the whole batch
     * @param output the node's output buffer, never one of the inputs
     */
    void emit(TaskSink sink, FloatArray[] inputs, FloatArray output, int batch);
}
