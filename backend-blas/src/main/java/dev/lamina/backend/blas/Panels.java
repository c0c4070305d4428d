package dev.lamina.backend.blas;

/**
 * Filters packed into panels for {@link JavaKernels#gemmPanel} (and a project conv's {@code Wᵀ} for
 * {@link JavaKernels#gemm}), once, when a plan is built: panel {@code p} holds filters {@code at(p) … end(p) − 1}
 * as {@code k} rows of {@code width(p)} floats from {@code offset(p)}, {@code packed[offset(p) + t·width(p) + j] =
 * W[at(p) + j][t]} for weights {@code W [Cout, k]}.
 *
 * <p>Panels are of the wide width; the filters past the last whole one take one or two narrow panels where
 * that covers them exactly (Cout a multiple of 16 on 48- and 32-wide panels: 128 = 48 + 48 + 32, 256 = 4 · 48 +
 * 2 · 32), else the last wide panel ends at Cout and overlaps the one before (its filters computed twice, to
 * the same values). An overlapping last panel of 48 computed 144 columns for ResNet-18's 128 filters and 288
 * for 256; each output is the same chain of fused multiply-adds on either width.
 */
final class Panels {
    private final int k;
    private final int[] at;
    private final int[] width;
    private final int[] offset;
    private final int size;

    private Panels(int k, int[] at, int[] width) {
        this.k = k;
        this.at = at;
        this.width = width;
        offset = new int[at.length];
        long floats = 0;
        for (int p = 0; p < at.length; p++) {
            offset[p] = (int) floats;
            floats += (long) k * width[p];
            if (floats > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(floats + " packed weights do not fit one array");
            }
        }
        size = (int) floats;
    }

    /**
     * Measuring switch: {@code -Dlamina.blas.narrowPanels=false} gives every product uniform wide panels, the
     * last one overlapping (read when a plan is built).
     */
    static final String NARROW = "lamina.blas.narrowPanels";

    /**
     * The panels of {@code cout ≥ wide} filters over {@code k} inputs, {@code wide} filters each and the rest
     * on panels of {@code narrow} (0: none, as without the switch) where they fill one or two exactly; with
     * fewer filters than {@code wide}, panels of {@code narrow ≤ cout}.
     */
    static Panels of(int cout, int k, int wide, int narrow) {
        if (k <= 0 || wide <= 0 || narrow < 0 || narrow >= wide) {
            throw new IllegalArgumentException("panels of " + wide + " and " + narrow + " over " + k + " inputs");
        }
        if (cout < wide) {
            if (narrow == 0 || cout < narrow) {
                throw new IllegalArgumentException("panels of " + wide + " or " + narrow + " for " + cout + " filters");
            }
            return uniform(cout, k, narrow);
        }
        if ("false".equals(System.getProperty(NARROW))) {
            narrow = 0;
        }
        int whole = cout / wide;
        int rest = cout % wide;
        int narrowCount = rest == 0 || narrow == 0 ? 0 : rest == narrow ? 1 : rest + wide == 2 * narrow ? 2 : 0;
        if (narrowCount == 0) {
            return uniform(cout, k, wide);
        }
        int wideCount = narrowCount == 1 ? whole : whole - 1;
        int[] at = new int[wideCount + narrowCount];
        int[] width = new int[at.length];
        for (int p = 0; p < at.length; p++) {
            width[p] = p < wideCount ? wide : narrow;
            at[p] = p == 0 ? 0 : at[p - 1] + width[p - 1];
        }
        return new Panels(k, at, width);
    }

    /** Panels all {@code w} wide, the last ending at {@code cout} (overlapping the one before where it must). */
    private static Panels uniform(int cout, int k, int w) {
        int[] at = new int[(cout + w - 1) / w];
        int[] width = new int[at.length];
        for (int p = 0; p < at.length; p++) {
            at[p] = Math.min(p * w, cout - w);
            width[p] = w;
        }
        return new Panels(k, at, width);
    }

    /** How many panels. */
    int count() {
        return at.length;
    }

    /** Whether no panel overlaps another (each filter on one panel). */
    boolean exact() {
        for (int p = 1; p < at.length; p++) {
            if (at[p] != end(p - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Panel {@code p}'s first filter. */
    int at(int p) {
        return at[p];
    }

    /** Panel {@code p}'s filters. */
    int width(int p) {
        return width[p];
    }

    /** One past panel {@code p}'s last filter. */
    int end(int p) {
        return at[p] + width[p];
    }

    /** Where panel {@code p}'s floats start. */
    int offset(int p) {
        return offset[p];
    }

    /** Floats of all the panels. */
    int size() {
        return size;
    }

    /** Floats of {@code copies} sets of these panels in one array (Winograd's 16), checked to fit one. */
    int size(int copies, String name) {
        long n = (long) copies * size;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(name + ": " + n + " packed weights do not fit one array");
        }
        return (int) n;
    }

    /** {@code weights [Cout, k]} into these panels, into {@code dest} from {@code destAt}. */
    void pack(float[] weights, float[] dest, int destAt) {
        for (int p = 0; p < at.length; p++) {
            int w = width[p];
            for (int t = 0; t < k; t++) {
                int to = destAt + offset[p] + t * w;
                for (int j = 0; j < w; j++) {
                    dest[to + j] = weights[(at[p] + j) * k + t];
                }
            }
        }
    }
}
