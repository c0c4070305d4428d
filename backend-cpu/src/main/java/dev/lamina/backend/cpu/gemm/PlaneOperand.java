package dev.lamina.backend.cpu.gemm;

/**
 * A 1×1 conv of stride 1 without padding: the sample's input planes {@code [C × H·W]} are the GEMM's right
 * operand as they stand, read in place (step p = channel p, a plane apart); nothing is copied but, when a
 * tile's last panel would read past the end of the array, that one panel, packed with zeros past the plane.
 * Grid width = W = outW.
 */
final class PlaneOperand extends RightOperand {
    private final int plane;
    private final int[] rowOff;

    PlaneOperand(ConvGeometry g, int nr) {
        super(g, nr);
        if (!g.pointwise()) {
            throw new IllegalArgumentException("a plane operand needs a 1×1 conv of stride 1 without padding");
        }
        plane = g.height * g.width;
        rowOff = new int[k];
        for (int p = 0; p < k; p++) {
            rowOff[p] = p * plane;
        }
    }

    @Override
    int gridWidth() {
        return g.width;
    }

    @Override
    long floatsPerRow() {
        return (long) g.channels * g.width;
    }

    /** One packed panel, for a tail that would read past the array. */
    @Override
    int bufferFloats(int rows) {
        return Math.multiplyExact(k, nr);
    }

    /** The panels read in place; the rest (at most the last) is packed into {@code buf}. */
    @Override
    int prepare(float[] x, int sample, int r0, int rows, float[] buf) {
        int panels = panels(rows);
        int base = sample + r0 * g.width;
        long room = (long) x.length - base - (long) (k - 1) * plane;
        int direct = (int) Math.max(0, Math.min(panels, room / nr));
        if (direct < panels) {
            if (panels - direct > 1) {
                throw new IllegalStateException("plane operand: " + (panels - direct) + " panels past the input");
            }
            int col = direct * nr;
            int live = Math.min(nr, rows * g.width - col);
            for (int p = 0; p < k; p++) {
                int src = base + p * plane + col;
                int dst = p * nr;
                for (int j = 0; j < live; j++) {
                    buf[dst + j] = x[src + j];
                }
                for (int j = live; j < nr; j++) {
                    buf[dst + j] = 0f;
                }
            }
        }
        return direct;
    }

    @Override
    void multiply(MicroKernel mk, float[] a, int aOff, float[] bias, int biasOff, float[] x, int sample, int r0,
                  int rows, float[] buf, int prepared, float[] c, int ldc) {
        int base = sample + r0 * g.width;
        if (prepared > 0) {
            mk.rowTiles(k, a, aOff, x, base, rowOff, prepared, bias, biasOff, c, 0, ldc);
        }
        if (prepared < panels(rows)) {
            mk.tiles(k, a, aOff, buf, 0, 1, bias, biasOff, c, prepared * nr, ldc);
        }
    }
}
