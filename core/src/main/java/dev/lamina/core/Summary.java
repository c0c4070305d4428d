package dev.lamina.core;

import dev.lamina.api.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Keras-style model summary: one row per layer with its name, type, output shape (batch shown as
 * {@code None}), parameter count and the backend that runs it, then the totals. A parameter is trainable
 * unless its layer says otherwise ({@link dev.lamina.api.Layer#trainable}): BatchNorm's running statistics
 * are counted as non-trainable, as Keras counts them.
 */
public record Summary(String model, List<Row> rows, long totalParams, long trainableParams) {

    /** One line of the table; {@code backend} is empty before the model is compiled. */
    public record Row(String name, String type, Shape outputShape, long params, String backend) {
        public String outputText() {
            String dims = Arrays.toString(outputShape.dims());
            return "(None, " + dims.substring(1, dims.length() - 1) + ")";
        }
    }

    public Summary {
        rows = List.copyOf(rows);
    }

    static Summary of(Model model, Map<String, String> backends) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(ShapeInference.INPUT, "InputLayer", model.inputShape(), 0, ""));
        long total = 0;
        long trainable = 0;
        for (LayerNode n : model.layers()) {
            String backend = backends == null ? "" : backends.getOrDefault(n.name(), "");
            rows.add(new Row(n.name(), n.layer().displayName(), n.outputShape(), n.parameterCount(), backend));
            total += n.parameterCount();
            for (Map.Entry<String, Shape> p : n.parameterShapes().entrySet()) {
                if (n.layer().trainable(p.getKey())) {
                    trainable += p.getValue().size();
                }
            }
        }
        return new Summary(model.name(), rows, total, trainable);
    }

    public boolean hasBackends() {
        return rows.stream().anyMatch(r -> !r.backend().isEmpty());
    }

    /** The table as Keras prints it, with a Backend column once compiled. */
    @Override
    public String toString() {
        boolean withBackend = hasBackends();
        int nameWidth = 29;
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length() + r.type().length() + 4);
        }
        int shapeWidth = 26;
        for (Row r : rows) {
            shapeWidth = Math.max(shapeWidth, r.outputText().length() + 2);
        }
        int width = nameWidth + shapeWidth + 10 + (withBackend ? 10 : 0);
        String thin = "_".repeat(width);
        String thick = "=".repeat(width);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model).append("\"\n").append(thin).append('\n');
        sb.append(line(nameWidth, shapeWidth, "Layer (type)", "Output Shape", "Param #", withBackend ? "Backend" : null));
        sb.append(thick).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(line(nameWidth, shapeWidth, r.name() + " (" + r.type() + ")", r.outputText(),
                    Long.toString(r.params()), withBackend ? r.backend() : null));
            sb.append(i == rows.size() - 1 ? thick : thin).append('\n');
        }
        sb.append("Total params: ").append(totalParams).append('\n');
        sb.append("Trainable params: ").append(trainableParams).append('\n');
        sb.append("Non-trainable params: ").append(totalParams - trainableParams).append('\n');
        sb.append(thin).append('\n');
        return sb.toString();
    }

    private static String line(int nameWidth, int shapeWidth, String name, String shape, String params, String backend) {
        String s = pad(name, nameWidth) + pad(shape, shapeWidth) + (backend == null ? params : pad(params, 10) + backend);
        return s.stripTrailing() + "\n";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
