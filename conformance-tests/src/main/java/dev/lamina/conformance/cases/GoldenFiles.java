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
 * PyTorch's golden outputs, shipped in the kit's jar under {@code reference/<case>/}: {@code model.json},
 * {@code weights.safetensors}, {@code input.npy} and {@code expected/<layer>.npy}. Read with core's own
 * readers; the binary files go through a temporary copy because those readers take a path and a jar entry
 * has none.
 */
final class GoldenFiles {
    private static final String BASE = "/dev/lamina/conformance/reference/";
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
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : text("index.txt").split("\n")) {
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
        return CACHE.computeIfAbsent(name, GoldenFiles::read);
    }

    private static Golden read(String name) {
        List<String> layers = index().get(name);
        if (layers == null) {
            throw new IllegalArgumentException("no golden case " + name + "; cases: " + index().keySet());
        }
        Model model = ModelFile.parse(text(name + "/model.json"), "kit resource " + BASE + name + "/model.json");
        Weights weights = Weights.fromStateDict(model, withFile(name + "/weights.safetensors", Safetensors::read));
        Tensor input = withFile(name + "/input.npy", Npy::read);
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (String layer : layers) {
            expected.put(layer, withFile(name + "/expected/" + layer + ".npy", Npy::read));
        }
        return new Golden(name, model, weights, input, Collections.unmodifiableMap(expected));
    }

    private static InputStream open(String resource) {
        InputStream in = GoldenFiles.class.getResourceAsStream(BASE + resource);
        if (in == null) {
            throw new IllegalStateException("the kit's resource " + BASE + resource + " is missing from "
                    + GoldenFiles.class.getProtectionDomain().getCodeSource());
        }
        return in;
    }

    private static String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kit's resource " + BASE + resource, e);
        }
    }

    private interface Reader<T> {
        T read(Path p);
    }

    private static <T> T withFile(String resource, Reader<T> reader) {
        Path tmp = null;
        try (InputStream in = open(resource)) {
            tmp = Files.createTempFile("lamina-conformance-", "-" + resource.replace('/', '-'));
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return reader.read(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kit's resource " + BASE + resource, e);
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
