package dev.lamina.inspect;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The picture API on its own: scale, layouts, caps, samples, number labels, file names. */
class PicturesTest {

    @Test
    void theScaleIsCentredOnZeroAndSymmetric() {
        ColorScale s = ColorScale.of(new float[] {-2, 1, 0.5f});
        assertEquals(2f, s.maxAbs());
        assertEquals(0xffffff, s.rgb(0));
        assertEquals(0x2166ac, s.rgb(-2));
        assertEquals(0xb2182b, s.rgb(2));
        assertEquals(0xb2182b, s.rgb(Float.POSITIVE_INFINITY));
        assertEquals(ColorScale.NAN_RGB, s.rgb(Float.NaN));
        // equal magnitudes, equal strength: the distance from white is the same on both sides
        assertEquals(whiteness(s.rgb(-1)), whiteness(s.rgb(1)), 40);
        assertEquals(0xffffff, ColorScale.of(new float[] {0, 0}).rgb(0));
        assertEquals("#b2182b", s.css(5));
    }

    private static int whiteness(int rgb) {
        return (rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff);
    }

    @Test
    void featureMapsFollowTheTileFormula() {
        Picture p = LayerPictures.featureMaps("x", Tensor.zeros(Shape.of(2, 20, 30)));
        TileLayout t = (TileLayout) p.layout();
        int cell = 112 / 30;
        assertEquals(cell, t.cellWidth());
        assertEquals(Math.max(280, 16 + 2 * (30 * cell + 2) + 8), p.width());
        assertEquals(16 + 14 + 20 * cell + 2 + 28, p.height());
        assertEquals("", p.note());
    }

    @Test
    void barsFollowTheBarFormula() {
        assertEquals(16 + 56 + 40 * 16, BarLayout.of(16).width());
        assertEquals(16 + 56 + 3 * 256, BarLayout.of(1000).width());
        assertEquals(168, BarLayout.of(1000).height());
        assertEquals("showing the first 256 of 1000 values", BarLayout.of(1000).note());
        Picture p = LayerPictures.output("fc", Tensor.of(Shape.of(3), new float[] {-1, 0, 2}));
        assertTrue(p.layout() instanceof BarLayout);
        assertEquals(BarLayout.of(3).width(), p.image().getWidth());
    }

    @Test
    void wideConvWeightsShowSixteenFiltersByEightInputs() {
        TileLayout t = TileLayout.forFilters(Shape.of(64, 32, 3, 3));
        assertEquals(16 * 8, t.tilesShown());
        assertEquals(8, t.columns());
        assertEquals("f2 · in5", t.label(2 * 8 + 5));
        assertEquals((2 * 32 + 5) * 9 + 4, t.index(2 * 8 + 5, 1, 1), "filter 2, input 5, centre");
        assertEquals("showing 16 of 64 filters × 8 of 32 input channels", t.note());
    }

    @Test
    void depthwiseFiltersAndBatchNormParametersAreDrawnInTheirLayersTerms() {
        Tensor dw = Tensor.zeros(Shape.of(8, 1, 3, 3));
        Picture p = LayerPictures.weight("conv", "weight", dw, Conv2d.of(8, 3, 3).withGroups(8));
        assertEquals("conv.weight", p.name());
        assertEquals("8 depthwise filters, one 3×3 kernel per channel", p.description());
        assertEquals(8, ((TileLayout) p.layout()).tilesShown()); // one tile per channel, as feature maps are
        Picture g = LayerPictures.weight("conv", "weight", Tensor.zeros(Shape.of(8, 2, 3, 3)),
                Conv2d.of(8, 3, 3).withGroups(4));
        assertEquals("8 filters of 2×3×3 in 4 groups (inputs of the group × kh × kw)", g.description());
        // a 1-input-channel conv that is not grouped keeps the plain caption
        assertEquals("3 filters of 1×2×2 (inputs × kh × kw)",
                LayerPictures.weight("c", "weight", Tensor.zeros(Shape.of(3, 1, 2, 2)), Conv2d.of(3, 2, 2)).description());
        Picture var = LayerPictures.weight("bn", "running_var", Tensor.of(Shape.of(3), new float[] {1, 2, 3}),
                BatchNorm2d.of());
        assertEquals("bn.running_var", var.name());
        assertEquals("running variance per channel (not trainable), 3 values", var.description());
        assertEquals("scale γ per channel, 3 values", LayerPictures.weight("bn", "weight", Tensor.zeros(Shape.of(3)),
                BatchNorm2d.of()).description());
    }

    @Test
    void aMatrixIsCappedAndItsRowsReadAcrossTheWholeWidth() {
        TileLayout t = TileLayout.forMatrix(Shape.of(300, 600));
        assertEquals(256, t.mapRows());
        assertEquals(512, t.mapColumns());
        assertEquals(600 + 3, t.index(0, 1, 3));
        assertEquals("showing 256 of 300 rows × 512 of 600 columns", t.note());
    }

    @Test
    void aSampleIsTakenOutOfTheBatch() {
        Tensor batch = Tensor.of(Shape.of(2, 1, 1, 2), new float[] {1, 2, 3, 4});
        Tensor second = LayerPictures.sample(batch, 1);
        assertEquals(Shape.of(1, 1, 2), second.shape());
        assertEquals(3f, second.at(0));
        assertThrows(IllegalArgumentException.class, () -> LayerPictures.sample(batch, 2));
    }

    @Test
    void picturesHandOutCopies() {
        Picture p = LayerPictures.featureMaps("x", Tensor.of(Shape.of(1, 1, 2), new float[] {1, -1}));
        assertNotSame(p.image(), p.image());
        p.values()[0] = 99;
        assertEquals(1f, p.values()[0]);
        assertTrue(p.png().length > 0);
    }

    @Test
    void theMaxAbsDifferenceTreatsNaNAndInfinityHonestly() {
        Shape s = Shape.of(3);
        Tensor a = Tensor.of(s, new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1});
        assertEquals(0f, LayerPictures.maxAbsDifference(a, a));
        assertEquals(0.5f, LayerPictures.maxAbsDifference(a,
                Tensor.of(s, new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1.5f})));
        assertTrue(Float.isNaN(LayerPictures.maxAbsDifference(a,
                Tensor.of(s, new float[] {0, Float.POSITIVE_INFINITY, 1}))));
        assertEquals(Float.POSITIVE_INFINITY, LayerPictures.maxAbsDifference(a,
                Tensor.of(s, new float[] {Float.NaN, 0, 1})));
    }

    @Test
    void labelsAreShortAndSigned() {
        assertEquals("4.1", Text.compact(4.1f, 3));
        assertEquals("−0.25", Text.compact(-0.25f, 3));
        assertEquals("281.5", Text.compact(281.5f, 4));
        assertEquals("282", Text.compact(281.5f, 3));
        assertEquals("3e−5", Text.compact(3e-5f, 3));
        assertEquals("1e5", Text.compact(99999.9f, 3));
        assertEquals("0", Text.compact(-0f, 3));
        assertEquals("NaN", Text.compact(Float.NaN, 3));
        assertEquals("0.003012", Text.significant(0.0030123, 4));
        assertEquals("-1.5E-7", Text.significant(-1.5e-7, 4));
        assertEquals("281.5", Text.significant(281.5, 4));
    }

    @Test
    void fileNamesStayInsideTheFolderAndNeverCollide() {
        Map<String, String> names = InspectReport.fileNames(new LinkedHashSet<>(
                List.of("conv1", "a/b", "a_b", "../up", "A_B", "x y.weight")));
        assertEquals("conv1.png", names.get("conv1"));
        assertEquals("a_b.png", names.get("a/b"));
        assertEquals("a_b-2.png", names.get("a_b"));
        assertEquals("A_B-3.png", names.get("A_B"));
        assertEquals("x_y.weight.png", names.get("x y.weight"));
        assertFalse(names.get("../up").contains("/"));
        assertFalse(names.get("../up").startsWith("."));
        assertEquals(names.size(), new LinkedHashSet<>(names.values()).size());
    }

    @Test
    void anchorsAndTextAreEscaped() {
        assertEquals("l-conv1", ReportPage.anchor("conv1"));
        assertEquals("l-a.2fb", ReportPage.anchor("a/b"));
        assertEquals("&lt;b&gt; &amp; &quot;", ReportPage.esc("<b> & \""));
    }
}
