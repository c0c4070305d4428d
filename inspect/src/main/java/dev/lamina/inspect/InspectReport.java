package dev.lamina.inspect;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Compiler;
import dev.lamina.core.Lamina;
import dev.lamina.core.LayerNode;
import dev.lamina.core.LayerOutputs;
import dev.lamina.core.Model;
import dev.lamina.core.Summary;
import dev.lamina.core.Weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A look inside a network on one input: the summary, the input, every layer's output with its shape,
 * range and a picture, every weight as a picture, and optionally each layer's difference between two
 * backends. {@link #html()} is one self-contained page (pictures embedded as {@code data:} URIs, no script,
 * nothing fetched); {@link #writeTo(Path)} writes it as {@code index.html} with one PNG per picture.
 * <pre>{@code
 * InspectReport report = InspectReport.builder(model, weights).input(x).backend("cpu").compare("blas").build();
 * report.writeTo(Path.of("report"));       // report/index.html, report/conv1.png, report/conv1.weight.png, ...
 * BufferedImage conv1 = report.picture("conv1").image();
 * }</pre>
 * Immutable once built; building runs the model (on both backends when comparing).
 */
public final class InspectReport {
    private final Model model;
    private final Summary summary;
    private final LayerOutputs outputs;
    private final int sample;
    private final String backend;
    private final String compareBackend;
    private final Map<String, Float> maxAbsErrors;
    private final List<Section> sections;
    private final Map<String, Picture> pictures;
    private final Map<String, String> fileNames;
    private final Map<String, byte[]> pngs;
    private final String html;

    /** Everything the page shows about one value: the input, or a layer. */
    record Section(String name, String type, Shape shape, long params, String backend, ValueStats stats,
                   Picture output, List<Picture> weights, Picture difference, Float maxAbsError) {
    }

    private InspectReport(Builder b, LayerOutputs outputs, Summary summary, String backend, LayerOutputs other) {
        this.model = b.model;
        this.summary = summary;
        this.outputs = outputs;
        this.sample = b.sample;
        this.backend = backend;
        this.compareBackend = other == null ? null : b.compare;
        Map<String, Float> errors = new LinkedHashMap<>();
        List<Section> list = new ArrayList<>();
        Tensor x = LayerPictures.sample(outputs.input(), sample);
        list.add(new Section("input", "Input", outputs.input().shape(), 0, "", ValueStats.of(x.toArray()),
                LayerPictures.output("input", x), List.of(), null, null));
        for (LayerNode node : model.layers()) {
            Tensor out = outputs.get(node.name());
            Tensor y = LayerPictures.sample(out, sample);
            List<Picture> weightPictures = new ArrayList<>();
            b.weights.of(node.name()).forEach((param, t) ->
                    weightPictures.add(LayerPictures.weight(node.name(), param, t, node.layer())));
            Picture diff = null;
            Float err = null;
            if (other != null) {
                Tensor z = LayerPictures.sample(other.get(node.name()), sample);
                diff = LayerPictures.difference(node.name() + ".diff", y, z);
                err = LayerPictures.maxAbsDifference(out, other.get(node.name()));
                errors.put(node.name(), err);
            }
            list.add(new Section(node.name(), node.layer().displayName(), out.shape(), node.parameterCount(),
                    summary.rows().stream().filter(r -> r.name().equals(node.name())).findFirst()
                            .map(Summary.Row::backend).orElse(""),
                    ValueStats.of(y.toArray()), LayerPictures.output(node.name(), y), List.copyOf(weightPictures),
                    diff, err));
        }
        this.sections = List.copyOf(list);
        this.maxAbsErrors = Collections.unmodifiableMap(errors);
        Map<String, Picture> all = new LinkedHashMap<>();
        for (Section s : sections) {
            all.put(s.output().name(), s.output());
            s.weights().forEach(p -> all.put(p.name(), p));
            if (s.difference() != null) {
                all.put(s.difference().name(), s.difference());
            }
        }
        this.pictures = Collections.unmodifiableMap(all);
        this.fileNames = Collections.unmodifiableMap(fileNames(all.keySet()));
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        all.forEach((name, p) -> encoded.put(name, p.png()));
        this.pngs = encoded;
        this.html = new ReportPage(this).render();
    }

    public static Builder builder(Model model, Weights weights) {
        return new Builder(model, weights);
    }

    public Model model() {
        return model;
    }

    /** The summary of the model as compiled, with the backend of each layer. */
    public Summary summary() {
        return summary;
    }

    /** The input and every layer's output (the whole batch). */
    public LayerOutputs outputs() {
        return outputs;
    }

    /** The sample of the batch that the pictures show. */
    public int sample() {
        return sample;
    }

    /** The backend that ran the model: one id, or the ids joined with {@code +} when layers were split. */
    public String backend() {
        return backend;
    }

    /** The backend compared with, if any. */
    public java.util.Optional<String> compareBackend() {
        return java.util.Optional.ofNullable(compareBackend);
    }

    /** Each layer's largest {@code |a − b|} between the two backends (whole batch); empty unless comparing. */
    public Map<String, Float> maxAbsErrors() {
        return maxAbsErrors;
    }

    /**
     * Every picture by name, in page order: {@code input}, then for each layer {@code <layer>},
     * {@code <layer>.weight}, {@code <layer>.bias} and, when comparing, {@code <layer>.diff}.
     */
    public Map<String, Picture> pictures() {
        return pictures;
    }

    public Picture picture(String name) {
        Picture p = pictures.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no picture named " + name + "; pictures: " + pictures.keySet());
        }
        return p;
    }

    /** The file each picture is written to by {@link #writeTo(Path)}, e.g. {@code conv1.weight.png}. */
    public Map<String, String> fileNames() {
        return fileNames;
    }

    /** The page: one self-contained HTML document. */
    public String html() {
        return html;
    }

    List<Section> sections() {
        return sections;
    }

    byte[] pngView(String picture) {
        return pngs.get(picture);
    }

    /**
     * Writes {@code index.html} and every picture as a PNG into {@code dir} (created if needed).
     *
     * @return the path of {@code index.html}
     */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : fileNames.entrySet()) {
                Files.write(dir.resolve(e.getValue()), pngs.get(e.getKey()));
            }
            Path index = dir.resolve("index.html");
            Files.writeString(index, html, StandardCharsets.UTF_8);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A file name per picture: the name with anything but letters, digits, {@code .}, {@code _} and
     * {@code -} replaced, so that a layer name can never reach outside the folder; made unique ignoring
     * case, for file systems that ignore it.
     */
    static Map<String, String> fileNames(Set<String> pictureNames) {
        Map<String, String> m = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(Set.of("index.html"));
        for (String name : pictureNames) {
            String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
            if (base.startsWith(".")) {
                base = "_" + base.substring(1);
            }
            String file = base + ".png";
            for (int i = 2; !taken.add(file.toLowerCase(java.util.Locale.ROOT)); i++) {
                file = base + "-" + i + ".png";
            }
            m.put(name, file);
        }
        return m;
    }

    /** What to inspect and where to run it. */
    public static final class Builder {
        private final Model model;
        private final Weights weights;
        private Tensor input;
        private CompiledModel compiled;
        private String backendId;
        private String compare;
        private Compiler compiler;
        private int sample;

        private Builder(Model model, Weights weights) {
            this.model = Objects.requireNonNull(model, "model");
            this.weights = Objects.requireNonNull(weights, "weights");
        }

        /** The input: a batch {@code [N, C, H, W]}, or one sample {@code [C, H, W]}. Required. */
        public Builder input(Tensor x) {
            Objects.requireNonNull(x, "input");
            this.input = x.shape().equals(model.inputShape()) ? x.reshape(x.shape().withBatch(1)) : x;
            return this;
        }

        /** Runs on this compiled model (which the report does not close) instead of compiling one. */
        public Builder compiled(CompiledModel m) {
            this.compiled = Objects.requireNonNull(m, "compiled");
            return this;
        }

        /** Compiles on this backend id; default: the configured or highest-priority backend. */
        public Builder backend(String id) {
            this.backendId = Objects.requireNonNull(id, "backend");
            return this;
        }

        /** Also runs on this backend and shows, for each layer, the difference and the max abs error. */
        public Builder compare(String otherBackendId) {
            this.compare = Objects.requireNonNull(otherBackendId, "compare");
            return this;
        }

        /** The compiler for backend ids; default {@link Lamina#compiler()}. */
        public Builder compiler(Compiler c) {
            this.compiler = Objects.requireNonNull(c, "compiler");
            return this;
        }

        /** Which sample of the batch the pictures show; default 0. */
        public Builder sample(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("sample cannot be negative, got " + index);
            }
            this.sample = index;
            return this;
        }

        /** Runs the model (and the comparison) and draws every picture. */
        public InspectReport build() {
            if (input == null) {
                throw new IllegalArgumentException(model.name() + ": the report needs an input");
            }
            if (compiled != null && backendId != null) {
                throw new IllegalArgumentException("give a compiled model or a backend id, not both");
            }
            if (sample >= input.shape().dim(0)) {
                throw new IllegalArgumentException("sample " + sample + " is outside the batch of "
                        + input.shape().dim(0));
            }
            Compiler c = compiler != null ? compiler : (compiled == null || compare != null ? Lamina.compiler() : null);
            LayerOutputs outputs;
            Summary summary;
            String label;
            if (compiled != null) {
                outputs = compiled.forwardAll(input);
                summary = compiled.summary();
                label = label(compiled);
            } else {
                try (CompiledModel m = backendId == null ? c.compile(model, weights)
                        : c.compile(model, weights, backendId)) {
                    outputs = m.forwardAll(input);
                    summary = m.summary();
                    label = label(m);
                }
            }
            LayerOutputs other = null;
            if (compare != null) {
                try (CompiledModel m = c.compile(model, weights, compare)) {
                    other = m.forwardAll(input);
                }
            }
            return new InspectReport(this, outputs, summary, label, other);
        }

        private static String label(CompiledModel m) {
            return String.join(" + ", new LinkedHashSet<>(m.backendByLayer().values()));
        }
    }
}
