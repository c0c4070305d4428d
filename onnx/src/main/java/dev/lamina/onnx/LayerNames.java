package dev.lamina.onnx;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Layer names from ONNX node names, so per-layer outputs, dumps and reports speak the graph's names:
 * PyTorch's {@code /layer1/layer1.0/conv1/Conv} becomes {@code layer1.layer1.0.conv1.Conv}. Valid means
 * letters, digits, {@code . _ -} only (a name is also a file name in {@code --dump} and {@code inspect}),
 * not {@code input} (the model input's name); unique by a {@code _2}, {@code _3}, … suffix. A node without
 * a name is named after its op type and position.
 */
final class LayerNames {
    private final Set<String> used = new HashSet<>();

    LayerNames() {
        used.add("input");
    }

    /** A fresh valid name for a layer made from {@code nodeName} (may be empty) of {@code opType}. */
    String of(String nodeName, String opType, int nodeIndex) {
        String base = clean(nodeName);
        if (base.isEmpty()) {
            base = clean(opType).toLowerCase(Locale.ROOT) + "_" + nodeIndex;
        }
        String name = base;
        for (int k = 2; !used.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }

    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\' || c == ':') {
                c = '.';
            } else if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-'))) {
                c = '_';
            }
            b.append(c);
        }
        // no leading dots (hidden files, "..") and no empty segments
        String r = b.toString().replaceAll("\\.{2,}", ".");
        while (r.startsWith(".")) {
            r = r.substring(1);
        }
        while (r.endsWith(".")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
