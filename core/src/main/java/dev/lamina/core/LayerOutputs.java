package dev.lamina.core;

import dev.lamina.api.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The input and every layer's output of one run, by layer name, in model order. */
public record LayerOutputs(Tensor input, Map<String, Tensor> outputs) {
    public LayerOutputs {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public Tensor get(String layer) {
        Tensor t = outputs.get(layer);
        if (t == null) {
            throw new ModelException("no output for layer " + layer + "; layers: " + outputs.keySet());
        }
        return t;
    }
}
