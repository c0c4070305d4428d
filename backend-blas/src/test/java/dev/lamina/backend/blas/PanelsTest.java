package dev.lamina.backend.blas;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PanelsTest {

    /** Each panel as "first:width", in order. */
    private static List<String> layout(Panels p) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < p.count(); i++) {
            l.add(p.at(i) + ":" + p.width(i));
        }
        return l;
    }

    /**
     * Filters past the wide panels take one or two narrow panels where those cover them exactly (ResNet-18's
     * 128, 256 and 512, MobileNetV2's 160 and 1280), else the last wide panel overlaps the one before; fewer
     * filters than a wide panel take narrow ones; without a narrow width every panel is wide.
     */
    @Test
    void narrowPanelsCoverTheFiltersPastTheWideOnesExactly() {
        assertEquals(List.of("0:48", "48:48", "96:32"), layout(Panels.of(128, 9, 48, 32)));
        assertEquals(List.of("0:48", "48:48", "96:48", "144:48", "192:32", "224:32"), layout(Panels.of(256, 9, 48, 32)));
        assertEquals(List.of("0:32", "32:32"), layout(Panels.of(64, 9, 48, 32)));
        assertEquals(List.of("0:48", "48:48"), layout(Panels.of(96, 9, 48, 32)));
        assertEquals(26 + 1, Panels.of(1280, 3, 48, 32).count());
        assertEquals(List.of("0:48", "48:48", "96:32", "128:32"), layout(Panels.of(160, 9, 48, 32)));
        // 100 = 2 · 48 + 4: no narrow cover, the last wide panel overlaps
        assertEquals(List.of("0:48", "48:48", "52:48"), layout(Panels.of(100, 9, 48, 32)));
        assertEquals(List.of("0:48", "48:48", "80:48"), layout(Panels.of(128, 9, 48, 0)));
        assertEquals(List.of("0:32", "8:32"), layout(Panels.of(40, 9, 48, 32)));
        assertThrows(IllegalArgumentException.class, () -> Panels.of(24, 9, 48, 32));
        assertThrows(IllegalArgumentException.class, () -> Panels.of(40, 9, 48, 0));
        assertTrue(Panels.of(256, 9, 48, 32).exact());
        assertFalse(Panels.of(100, 9, 48, 32).exact());
    }

    /** The packed floats follow the documented layout, panel after panel, each its own width. */
    @Test
    void packLaysEachPanelOutRowByRowInItsOwnWidth() {
        int cout = 128;
        int k = 5;
        float[] w = new float[cout * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        Panels p = Panels.of(cout, k, 48, 32);
        assertEquals(cout * k, p.size());
        assertEquals(3 * p.size(), p.size(3, "test"));
        float[] packed = new float[7 + p.size()];
        p.pack(w, packed, 7);
        for (int i = 0; i < p.count(); i++) {
            assertEquals(i == 0 ? 0 : p.offset(i - 1) + k * p.width(i - 1), p.offset(i));
            for (int t = 0; t < k; t++) {
                for (int j = 0; j < p.width(i); j++) {
                    assertEquals(w[(p.at(i) + j) * k + t], packed[7 + p.offset(i) + t * p.width(i) + j], 0f);
                }
            }
        }
    }
}
