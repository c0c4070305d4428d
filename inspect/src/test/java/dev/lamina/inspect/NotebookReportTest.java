package dev.lamina.inspect;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.backend.cpu.CpuBackendProvider;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.Compiler;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.examples.NotebookExample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebook's report, checked as a reader would find it: every file there, every PNG a real picture
 * of the size its shape calls for, every layer named with its shape, the numbers on the page, nothing
 * fetched from elsewhere. The report is left in {@code target/notebook-report/} to be looked at.
 */
class NotebookReportTest {
    static final Path DIR = Path.of("target", "notebook-report");
    static final List<String> LAYERS = List.of("conv1", "relu1", "max_pool1", "flat", "dense2", "sigmoid2");

    private static InspectReport report;
    private static String html;

    static Compiler cpuCompiler() {
        return new Compiler(BackendRegistry.of(List.of(new CpuBackendProvider())), BackendConfig.fromEnvironment());
    }

    @BeforeAll
    static void render() throws IOException {
        Model m = NotebookExample.model();
        report = InspectReport.builder(m, NotebookExample.weights(m)).input(NotebookExample.input())
                .compiler(cpuCompiler()).backend("cpu").build();
        Path index = report.writeTo(DIR);
        html = Files.readString(index);
    }

    @Test
    void picturesAreDrawnWithoutADisplay() {
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void everyPngIsThereDecodesAndHasTheSizeItsShapeCallsFor() throws IOException {
        Model m = report.model();
        Weights w = NotebookExample.weights(m);
        int checked = 0;
        for (Map.Entry<String, String> e : report.fileNames().entrySet()) {
            Path file = DIR.resolve(e.getValue());
            assertTrue(Files.isRegularFile(file), file.toString());
            BufferedImage img = ImageIO.read(file.toFile());
            assertNotNull(img, file + " is not a PNG");
            Layout expected = expectedLayout(e.getKey(), m, w);
            assertEquals(expected.width(), img.getWidth(), e.getKey() + " width");
            assertEquals(expected.height(), img.getHeight(), e.getKey() + " height");
            checked++;
        }
        // input, 6 layers, conv1.weight, conv1.bias, dense2.weight, dense2.bias
        assertEquals(11, checked);
        for (String layer : LAYERS) {
            assertEquals(layer + ".png", report.fileNames().get(layer));
        }
        assertEquals("conv1.weight.png", report.fileNames().get("conv1.weight"));
    }

    /** The layout by the rule of each kind of value, from the model's shapes alone. */
    private static Layout expectedLayout(String picture, Model m, Weights w) {
        if (picture.equals("input")) {
            return TileLayout.forMaps(m.inputShape());
        }
        if (m.hasLayer(picture)) {
            Shape s = m.layer(picture).outputShape();
            return s.rank() == 3 ? TileLayout.forMaps(s) : BarLayout.of(s.size());
        }
        int dot = picture.lastIndexOf('.');
        Shape p = w.get(picture.substring(0, dot), picture.substring(dot + 1)).shape();
        return switch (p.rank()) {
            case 4 -> TileLayout.forFilters(p);
            case 2 -> TileLayout.forMatrix(p);
            default -> BarLayout.of(p.size());
        };
    }

    @Test
    void theSizeFormulaGivesTheseNumbersForTheNotebook() throws IOException {
        // 3 tiles of 5×4 cells of 40 px, framed, 8 px apart: 8 + 3·202 + 2·8 + 8 by 8 + 14 + 162 + 28 + 8.
        assertSize(638, 220, "conv1.png");
        // 3 tiles of 2×2 cells: 8 + 3·82 + 16 + 8 = 278, widened to the legend's 280.
        assertSize(280, 140, "max_pool1.png");
        // 12 bars of 40 px after a 56 px axis.
        assertSize(8 + 56 + 12 * 40 + 8, 168, "flat.png");
        // 1×12 dense weight, printed: one tile of 12×1 cells, no label.
        assertSize(8 + 482 + 8, 8 + 42 + 28 + 8, "dense2.weight.png");
        // 3 filters of one input channel: they wrap like channels.
        assertSize(280, 8 + 14 + 82 + 28 + 8, "conv1.weight.png");
    }

    private static void assertSize(int w, int h, String file) throws IOException {
        BufferedImage img = ImageIO.read(DIR.resolve(file).toFile());
        assertEquals(w + "×" + h, img.getWidth() + "×" + img.getHeight(), file);
    }

    @Test
    void thePageNamesEveryLayerWithItsShapeAndTheSummary() {
        for (LayerNode n : report.model().layers()) {
            String section = section(n.name());
            assertTrue(section.contains("<h2>" + n.name() + "<span class=\"type\">" + n.layer().displayName()),
                    n.name());
            assertTrue(section.contains("<code>" + n.outputShape().withBatch(1) + "</code>"), n.name());
            String dims = n.outputShape().toString();
            assertTrue(html.contains("<code>(None, " + dims.substring(1, dims.length() - 1) + ")</code>"), n.name());
        }
        assertTrue(html.contains("<td class=\"n\">28</td>"), "total parameters");
        assertTrue(section("conv1").contains("<dt>backend</dt><dd>cpu</dd>"));
        assertTrue(html.contains("<th>Backend</th>"));
    }

    @Test
    void theMaxPoolNumbersAreOnThePage() {
        float[] pooled = report.outputs().get("max_pool1").toArray();
        assertEquals(12, pooled.length);
        String section = section("max_pool1");
        for (float v : pooled) {
            assertTrue(section.contains(">" + Float.toString(v) + "</td>"), v + " in max_pool1");
        }
        // conv1 row 0 of filter 0, as the notebook prints it
        String conv = section("conv1");
        assertTrue(Pattern.compile(">0\\.1</td><td[^>]*>4\\.1</td><td[^>]*>3\\.1</td>").matcher(conv).find());
        assertTrue(section("dense2").contains(">281.5</td>"));
        assertTrue(section("dense2").contains("<details open>"), "small maps list their values open");
    }

    @Test
    void thePageIsSelfContainedAndSmall() throws IOException {
        assertFalse(Pattern.compile("(?i)https?:").matcher(html).find(), "no http(s) URL");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no linked resource");
        assertFalse(html.contains("url("), "no CSS resource");
        assertFalse(html.contains("@import"), "no CSS import");
        Matcher src = Pattern.compile("\\ssrc=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (src.find()) {
            assertTrue(src.group(1).startsWith("data:image/png;base64,"), src.group(1));
            images++;
        }
        assertEquals(11, images);
        long size = Files.size(DIR.resolve("index.html"));
        assertTrue(size < 300_000, "notebook page is " + size + " bytes");
    }

    @Test
    void valuesAreWrittenInsideTheCellsOfSmallMaps() {
        // A 40-pixel cell of conv1 holding 4.1 has its number drawn in it: more than one colour inside.
        Picture conv = report.picture("conv1");
        TileLayout layout = (TileLayout) conv.layout();
        assertTrue(layout.printsValues());
        BufferedImage img = conv.image();
        int x0 = layout.tileX(0) + layout.cellWidth();
        int y0 = layout.tileY(0);
        int first = img.getRGB(x0 + 1, y0 + 1);
        boolean ink = false;
        for (int y = y0; y < y0 + layout.cellHeight(); y++) {
            for (int x = x0; x < x0 + layout.cellWidth(); x++) {
                ink |= img.getRGB(x, y) != first;
            }
        }
        assertTrue(Text.available(), "fonts are needed to print values in pictures (fontconfig + a font package)");
        assertTrue(ink, "the value 4.1 is drawn in its cell");
    }

    @Test
    void theInputIsShownWithItsValues() {
        String section = section("input");
        assertTrue(section.contains("<code>[1, 1, 5, 6]</code>"));
        assertTrue(section.contains(">1.0</td>") && section.contains(">-1.0</td>"));
        Tensor x = NotebookExample.input();
        assertEquals(x.shape().dropFirst(), report.picture("input").shape());
    }

    /** The page's section of one layer. */
    static String section(String name) {
        int start = html.indexOf("<section class=\"card layer\" id=\"" + ReportPage.anchor(name) + "\">");
        assertTrue(start >= 0, "no section for " + name);
        return html.substring(start, html.indexOf("</section>", start));
    }
}
