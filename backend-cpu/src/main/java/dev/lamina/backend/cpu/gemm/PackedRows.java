package dev.lamina.backend.cpu.gemm;

/**
 * The constant operand of a GEMM, a {@code rows × k} row-major matrix (filters × C·kh·kw, units × inputs),
 * packed once into panels of {@link MicroKernel#MR} rows: panel m, step p, row r at {@code m·k·MR + p·MR + r};
 * rows past the last are 0. The bias per row is padded the same way, +0 where the layer has none
 * (sum + 0 = sum, never −0).
 */
final class PackedRows {
    final int panels;
    final float[] values;
    final float[] bias;

    PackedRows(float[] matrix, int rows, int k, float[] rowBias) {
        int mr = MicroKernel.MR;
        panels = (rows + mr - 1) / mr;
        values = new float[Math.multiplyExact(Math.multiplyExact(panels, k), mr)];
        bias = new float[panels * mr];
        for (int row = 0; row < rows; row++) {
            int base = row / mr * k * mr + row % mr;
            for (int p = 0; p < k; p++) {
                values[base + p * mr] = matrix[row * k + p];
            }
            bias[row] = rowBias == null ? 0f : rowBias[row];
        }
    }
}
