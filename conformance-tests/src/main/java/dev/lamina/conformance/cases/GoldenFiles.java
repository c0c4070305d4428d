package dev.lamina.conformance.cases;

import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Npy;
import dev.lamina.core.io.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PyTorch's golden outputs, shipped in the kit's jar under {@code reference/<case>/} (the notebook, LeNet) and
 * {@code golden/blocks/<case>/} (torchvision's characteristic blocks): {@code model.json},
 * {@code weights.safetensors}, {@code input.npy} and {@code expected/<layer>.npy}. Read with core's own
 * readers; the binary files go through a temporary copy because those readers take a path and a jar entry
 * has none.
 */
final class GoldenFiles {
    /** The notebook's and LeNet's cases. */
    static final String REFERENCE = "/dev/lamina/conformance/reference/";
    /** The torchvision blocks' cases (tools/fixtures/blocks.py). */
    static final String BLOCKS = "/dev/lamina/conformance/golden/blocks/";
    private static final Map<String, Golden> CACHE = new ConcurrentHashMap<>();

    private GoldenFiles() {
    }

    /** One golden case: what to run and what PyTorch computed for every listed layer. */
    record Golden(String name, Model model, Weights weights, Tensor input, Map<String, Tensor> expected) {
        Fixture fixture() {
            return new Fixture(model, weights, input);
        }
    }

    /** The cases and their expected layers, from {@code index.txt} (a class path cannot be listed). */
    static Map<String, List<String>> index() {
        return index(REFERENCE);
    }

    /** The cases under {@code base} and their expected layers. */
    static Map<String, List<String>> index(String base) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : text(base, "index.txt").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            List<String> layers = new ArrayList<>(List.of(parts).subList(1, parts.length));
            m.put(parts[0], Collections.unmodifiableList(layers));
        }
        return m;
    }

    static Golden load(String name) {
        return load(REFERENCE, name);
    }

    static Golden load(String base, String name) {
        return CACHE.computeIfAbsent(base + name, k -> read(base, name));
    }

    private static Golden read(String base, String name) {
        List<String> layers = index(base).get(name);
        if (layers == null) {
            throw new IllegalArgumentException("no golden case " + name + "; cases: " + index(base).keySet());
        }
        Model model = ModelFile.parse(text(base, name + "/model.json"), "kit resource " + base + name + "/model.json");
        Weights weights = Weights.fromStateDict(model,
                withFile(base, name + "/weights.safetensors", Safetensors::read));
        Tensor input = withFile(base, name + "/input.npy", Npy::read);
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (String layer : layers) {
            expected.put(layer, withFile(base, name + "/expected/" + layer + ".npy", Npy::read));
        }
        return new Golden(name, model, weights, input, Collections.unmodifiableMap(expected));
    }

    private static InputStream open(String base, String resource) {
        InputStream in = GoldenFiles.class.getResourceAsStream(base + resource);
        if (in == null) {
            throw new IllegalStateException("the kit's resource " + base + resource + " is missing from "
                    + GoldenFiles.class.getProtectionDomain().getCodeSource());
        }
        return in;
    }

    private static String text(String base, String resource) {
        try (InputStream in = open(base, resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kit's resource " + base + resource, e);
        }
    }

    private interface Reader<T> {
        T read(Path p);
    }

    private static <T> T withFile(String base, String resource, Reader<T> reader) {
        Path tmp = null;
        try (InputStream in = open(base, resource)) {
            tmp = Files.createTempFile("lamina-conformance-", "-" + resource.replace('/', '-'));
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return reader.read(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kit's resource " + base + resource, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
