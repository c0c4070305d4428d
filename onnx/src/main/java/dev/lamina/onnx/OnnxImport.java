package dev.lamina.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.FormatException;
import dev.lamina.onnx.proto.OnnxIr.ModelProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an ONNX model — what {@code torch.onnx.export} writes, opsets 11 to 17 — as a Lamina {@link Model}
 * and its {@link Weights}:
 * <pre>{@code
 * OnnxImport.Result r = OnnxImport.read(Path.of("resnet18.onnx"));
 * try (CompiledModel m = Lamina.compile(r.model(), r.weights())) { ... }
 * }</pre>
 * The model has one float32 input {@code [N, C, H, W]} (batch fixed or dynamic); initializers (also when
 * listed as graph inputs), {@code Constant} nodes and shape computations are folded; external data is read
 * from beside the model, never from outside its directory. Layers are named after the ONNX nodes. Anything
 * Lamina cannot express exactly — an op, an attribute value, a pattern — is a {@link FormatException} naming
 * the file, the node, its op type and what is supported; so is a malformed or hostile file.
 */
public final class OnnxImport {
    /** Protobuf's hard limit: a message (and so an ONNX file without external data) is below 2 GiB. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8L;
    /** Nesting deeper than this is refused (ONNX graphs nest messages a few levels; subgraphs a few more). */
    static final int MAX_DEPTH = 64;

    /** The imported model and its weights. */
    public record Result(Model model, Weights weights) {
    }

    private OnnxImport() {
    }

    /** Reads {@code path}; the model is named after the file (without {@code .onnx}). */
    public static Result read(Path path) {
        String file = path.toString();
        byte[] bytes;
        Path dir;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new FormatException(file, "is " + size + " bytes; an ONNX file is below 2 GiB (larger models keep "
                        + "their weights in external data)");
            }
            bytes = Files.readAllBytes(path);
            Path parent = path.toAbsolutePath().getParent();
            dir = parent.toRealPath();
        } catch (NoSuchFileException e) {
            throw new FormatException(file, "no such file");
        } catch (IOException e) {
            throw new FormatException(file, "cannot read: " + e.getMessage(), e);
        }
        String name = path.getFileName().toString();
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            name = name.substring(0, name.length() - 5);
        }
        return read(bytes, file, name.isEmpty() ? "model" : name, dir);
    }

    /**
     * Reads a model from bytes; {@code file} names it in errors. External data is refused: it has no
     * directory to come from.
     */
    public static Result read(byte[] bytes, String file, String modelName) {
        return read(bytes, file, modelName, null);
    }

    private static Result read(byte[] bytes, String file, String modelName, Path dir) {
        ModelProto proto = parse(bytes, file);
        return new GraphImporter(file, modelName, new TensorDecoder(file, dir)).convert(proto);
    }

    static ModelProto parse(byte[] bytes, String file) {
        if (bytes.length == 0) {
            throw new FormatException(file, "is empty");
        }
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setRecursionLimit(MAX_DEPTH);
        try {
            ModelProto m = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new FormatException(file, "is not a valid ONNX (protobuf) file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FormatException(file, "cannot be parsed: " + e.getMessage(), e);
        }
    }
}
