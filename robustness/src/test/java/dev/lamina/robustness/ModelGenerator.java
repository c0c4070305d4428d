package dev.lamina.robustness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a model file from fuzzer data: an input of 1–4 channels up to 24×24 and 1–7 layers of every type
 * the format has, each parameter drawn mostly from its valid range and sometimes from just outside it (0,
 * negative, larger than the input), inputs drawn from the earlier values. The text is a model file as a
 * user would write it, so reading it goes through the real reader; most draws are valid models, the rest
 * are refused cleanly or not.
 */
final class ModelGenerator {
    private static final String[] TYPES = {"conv2d", "maxpool2d", "avgpool2d", "relu", "sigmoid", "tanh", "softmax",
            "flatten", "dense", "add", "concat", "batchnorm2d", "adaptive_avgpool2d", "adaptive_maxpool2d", "hardtanh",
            "leaky_relu", "elu", "hardsigmoid", "hardswish", "silu", "gelu", "mul", "identity", "dropout",
            "channel_shuffle", "slice", "zeropad2d"};

    private ModelGenerator() {
    }

    static String modelFile(FuzzedDataProvider d) {
        List<String> names = new ArrayList<>(List.of("input"));
        StringBuilder sb = new StringBuilder("{\"format\": \"lamina-model/1\", \"name\": \"fuzzed\", \"input\": [");
        sb.append(d.consumeInt(1, 4)).append(", ").append(d.consumeInt(1, 24)).append(", ")
                .append(d.consumeInt(1, 24)).append("], \"layers\": [");
        int layers = d.consumeInt(1, 7);
        for (int i = 0; i < layers; i++) {
            String type = d.pickValue(TYPES);
            String name = "l" + i;
            sb.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(name).append("\", \"type\": \"")
                    .append(type).append('"');
            switch (type) {
                case "conv2d" -> {
                    sb.append(", \"filters\": ").append(size(d, 8));
                    pair(sb, d, "kernel", 1, 5);
                    optionalPair(sb, d, "stride", 1, 3);
                    optionalPair(sb, d, "padding", 0, 3);
                    optionalPair(sb, d, "dilation", 1, 3);
                    if (d.consumeBoolean()) {
                        sb.append(", \"bias\": false");
                    }
                    if (d.consumeInt(0, 3) == 0) {
                        sb.append(", \"groups\": ").append(size(d, 4));
                    }
                }
                case "maxpool2d", "avgpool2d" -> {
                    pair(sb, d, "kernel", 1, 4);
                    optionalPair(sb, d, "stride", 1, 3);
                    optionalPair(sb, d, "padding", 0, 2);
                    if (d.consumeBoolean()) {
                        sb.append(", \"ceil_mode\": true");
                    }
                }
                case "adaptive_avgpool2d", "adaptive_maxpool2d" -> pair(sb, d, "output", 1, 4);
                case "channel_shuffle" -> sb.append(", \"groups\": ").append(size(d, 4));
                case "slice" -> sb.append(", \"axis\": ").append(d.consumeInt(0, 3)).append(", \"start\": ")
                        .append(d.consumeInt(0, 4)).append(", \"end\": ").append(size(d, 8));
                case "zeropad2d" -> pair(sb, d, "padding", 0, 3);
                case "leaky_relu" -> sb.append(", \"slope\": ").append(d.consumeInt(-4, 4) / 4.0);
                case "dropout" -> sb.append(", \"p\": ").append(d.consumeInt(0, 4) / 4.0);
                case "dense" -> {
                    sb.append(", \"units\": ").append(size(d, 16));
                    if (d.consumeBoolean()) {
                        sb.append(", \"bias\": false");
                    }
                }
                case "add", "concat", "mul" -> {
                    int n = d.consumeInt(1, 3);
                    sb.append(", \"inputs\": [");
                    for (int j = 0; j < n; j++) {
                        sb.append(j == 0 ? "" : ", ").append('"').append(names.get(d.consumeInt(0, names.size() - 1)))
                                .append('"');
                    }
                    sb.append(']');
                }
                default -> {
                    if (d.consumeInt(0, 7) == 0) { // sometimes a layer reads an earlier value, not the last one
                        sb.append(", \"inputs\": [\"").append(names.get(d.consumeInt(0, names.size() - 1))).append("\"]");
                    }
                }
            }
            sb.append('}');
            names.add(name);
        }
        return sb.append("]}").toString();
    }

    /** Mostly 1..max; one draw in eight 0 or negative. */
    private static int size(FuzzedDataProvider d, int max) {
        return d.consumeInt(0, 7) == 0 ? d.consumeInt(-2, 0) : d.consumeInt(1, max);
    }

    private static void pair(StringBuilder sb, FuzzedDataProvider d, String key, int min, int max) {
        sb.append(", \"").append(key).append("\": [").append(value(d, min, max)).append(", ")
                .append(value(d, min, max)).append(']');
    }

    private static void optionalPair(StringBuilder sb, FuzzedDataProvider d, String key, int min, int max) {
        if (d.consumeBoolean()) {
            pair(sb, d, key, min, max);
        }
    }

    /** Mostly min..max; one draw in eight just outside (min − 1) or far beyond (up to 40). */
    private static int value(FuzzedDataProvider d, int min, int max) {
        return d.consumeInt(0, 7) == 0 ? d.pickValue(new int[] {min - 1, d.consumeInt(max, 40)}) : d.consumeInt(min, max);
    }
}
