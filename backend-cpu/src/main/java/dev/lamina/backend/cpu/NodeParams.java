package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.spi.Node;


/**
 * Unpacks a node's parameters for a kernel. The SPI's {@link Node} and {@link dev.lamina.spi.Graph} already
 * refuse inconsistent shapes and parameters; what is left to check here is the buffers a kernel is given.
 */
final class NodeParams {
    private NodeParams() {
    }

    /**
     * The parameter's values in PyTorch layout, checked against the length its layer declares. Only the
     * length is compared: the SPI hands parameters over as flat PyTorch-layout data, so a same-sized
     * tensor of another shape is read as the declared one, as PyTorch's {@code view} would.
     */
    static float[] require(Node node, String key) {
        Shape shape = node.layer().parameterShapes(node.inputShapes()).get(key);
        if (shape == null) {
            throw new IllegalStateException(node.name() + ": " + node.layer().type() + " has no parameter " + key);
        }
        float[] values = node.param(key);
        if (values == null) {
            throw new IllegalArgumentException(node.name() + ": " + key + " expected " + shape + " ("
                    + shape.size() + " values), got none");
        }
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(node.name() + ": " + key + " expected " + shape + " ("
                    + shape.size() + " values), got " + values.length);
        }
        return values;
    }

    /** Fails unless each buffer holds at least {@code batch} samples of its size. */
    static void checkBuffers(String name, int batch, float[][] inputs, int[] inputSizes, float[] output,
                             int outputSize) {
        if (batch < 0) {
            throw new IllegalArgumentException(name + ": batch cannot be negative, got " + batch);
        }
        if (inputs.length != inputSizes.length) {
            throw new IllegalArgumentException(name + ": expected " + inputSizes.length + " input buffers, got "
                    + inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            long need = (long) batch * inputSizes[i];
            if (inputs[i].length < need) {
                throw new IllegalArgumentException(name + ": input " + i + " buffer holds " + inputs[i].length
                        + " values, batch " + batch + " needs " + need);
            }
        }
        long need = (long) batch * outputSize;
        if (output.length < need) {
            throw new IllegalArgumentException(name + ": output buffer holds " + output.length
                    + " values, batch " + batch + " needs " + need);
        }
    }
}
