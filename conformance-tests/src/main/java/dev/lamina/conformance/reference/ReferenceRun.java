package dev.lamina.conformance.reference;

import dev.lamina.api.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the kit's reference implementation computed for one input: every layer's output (float32, each the
 * nearest float to the exact result for the float inputs it was given) and, for every layer, how far any
 * correct float32 implementation may be from it.
 */
public record ReferenceRun(Map<String, Tensor> outputs, Map<String, Tolerance> tolerances) {
    public ReferenceRun {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        tolerances = Collections.unmodifiableMap(new LinkedHashMap<>(tolerances));
    }

    public Tensor output(String layer) {
        Tensor t = outputs.get(layer);
        if (t == null) {
            throw new IllegalArgumentException("no layer " + layer + "; layers: " + outputs.keySet());
        }
        return t;
    }

    public Tolerance tolerance(String layer) {
        Tolerance t = tolerances.get(layer);
        if (t == null) {
            throw new IllegalArgumentException("no layer " + layer + "; layers: " + tolerances.keySet());
        }
        return t;
    }
}
