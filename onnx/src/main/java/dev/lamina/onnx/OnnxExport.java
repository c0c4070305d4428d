package dev.lamina.onnx;

import dev.lamina.core.Model;
import dev.lamina.core.ModelException;
import dev.lamina.core.Weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Lamina {@link Model} with its {@link Weights} as an ONNX model (opset {@value #OPSET}), the
 * inverse of {@link OnnxImport}: what ONNX Runtime or any other ONNX consumer runs with the same results.
 * <pre>{@code
 * byte[] onnx = OnnxExport.write(model, weights);
 * OnnxImport.Result back = OnnxImport.read(onnx, "resnet18.onnx", model.name()); // equals model, weights
 * }</pre>
 *
 * <p>The graph has one float input {@code input} of shape {@code [N, C, H, W]} (or {@code [N, F]}) whose batch
 * is the symbol {@code N}, so any batch size runs; one output, named after the model's output layer. Each
 * layer becomes the ONNX node of the same semantics, named after the layer (its output value too), and its
 * parameters initializers named {@code <layer>.<param>} (float32, little-endian {@code raw_data}): the table
 * in {@link LayerExports} and the module README list them. Reading the file back with {@link OnnxImport}
 * gives an equal model and the same weights for every layer that maps to one ONNX node; the README lists the
 * few layers that come back as an equivalent but different structure. A layer with no ONNX form is a
 * {@link ModelException} naming the layer, its type and the layers that can be written.
 */
public final class OnnxExport {
    /** The default-domain opset written (ONNX 1.12; {@code HardSwish} needs 14). */
    public static final int OPSET = 17;
    /** The IR version that goes with {@link #OPSET}. */
    static final int IR_VERSION = 8;

    private OnnxExport() {
    }

    /**
     * The ONNX file's bytes.
     *
     * @throws ModelException when a layer cannot be written, or {@code weights} belong to another model
     */
    public static byte[] write(Model model, Weights weights) {
        if (!weights.model().equals(model)) {
            throw new ModelException(model.name() + ": the weights are those of model " + weights.model().name()
                    + ", not of this one");
        }
        return new ExportGraph(model, weights).build().toByteArray();
    }

    /** Writes the ONNX file to {@code file}. */
    public static void write(Model model, Weights weights, Path file) {
        byte[] bytes = write(model, weights);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
