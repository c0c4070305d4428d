package dev.lamina.conformance;

import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.Map;

/** PyTorch's golden outputs; reading them waits for core's io readers (model file, safetensors, npy). */
final class GoldenFiles {
    private GoldenFiles() {
    }

    record Golden(String name, Model model, Weights weights, Tensor input, Map<String, Tensor> expected) {
        Fixture fixture() {
            return new Fixture(model, weights, input);
        }
    }

    static Golden load(String name) {
        throw new UnsupportedOperationException("golden files need core.io, not merged yet");
    }
}
