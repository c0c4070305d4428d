package dev.lamina.inspect;

import dev.lamina.api.Shape;

/**
 * A heatmap picture of 2-D maps laid out as tiles: the channels of a {@code [C, H, W]} output, the kernels
 * of a {@code [O, I, kh, kw]} conv weight (one row per filter, one column per input channel), or one
 * {@code [rows, columns]} matrix such as a dense weight.
 *
 * <p>The size formula, in pixels, with {@code tw = mapColumns·cellWidth} and {@code th = mapRows·cellHeight}:
 * <pre>
 * width  = max(280, 2·8 + columns·(tw + 2) + (columns − 1)·8)
 * height = 2·8 + rows·(label + th + 2) + (rows − 1)·8 + 28        label = 14 for tiles, 0 for a matrix
 * </pre>
 * (8-pixel margins and gaps, a 1-pixel frame round each tile, a 14-pixel label above it and a 28-pixel
 * legend strip at the bottom). Cells are 40 pixels, with the value printed inside, when a map is at most
 * 16 values a side and the picture shows at most 256 values — the notebook's 4×5 and 2×2 maps; otherwise
 * they are square, {@code clamp(112 / max(H, W), 1, 24)} pixels for maps (64 instead of 112 for kernels),
 * and {@code clamp(480 / n, 1, 24)} per axis for a matrix. At most 32 channels, 16 filters × 8 input
 * channels, or 256 × 512 matrix values are shown; {@link #note()} says so when some are left out.
 */
public final class TileLayout implements Layout {
    public static final int MAX_CHANNELS = 32;
    public static final int MAX_FILTERS = 16;
    public static final int MAX_FILTER_INPUTS = 8;
    public static final int MAX_MATRIX_ROWS = 256;
    public static final int MAX_MATRIX_COLUMNS = 512;

    static final int GAP = 8;
    static final int LABEL = 14;
    static final int LEGEND = 28;
    static final int MIN_WIDTH = 280;
    static final int PRINT_CELL = 40;
    static final int PRINT_MAX_SIDE = 16;
    static final int PRINT_MAX_VALUES = 256;
    static final int TILE_TARGET = 112;
    /** Kernels are small and many: smaller tiles keep a 16 × 8 grid of them on one screen. */
    static final int FILTER_TARGET = 64;
    static final int MATRIX_TARGET = 480;
    static final int MAX_CELL = 24;
    /** Tiles wrap to stay within this width (a page column), up to 8 a row. */
    static final int MAX_GRID_WIDTH = 1000;
    static final int MAX_GRID_COLUMNS = 8;

    /** What the tiles are. */
    public enum Kind { MAPS, FILTERS, MATRIX }

    private final Kind kind;
    private final int count;
    private final int tiles;
    private final int tilesShown;
    private final int columns;
    private final int rows;
    private final int mapRows;
    private final int mapColumns;
    private final int rowStride;
    private final int gridRowStride;
    private final int gridColumnStride;
    private final int cellWidth;
    private final int cellHeight;
    private final boolean printsValues;
    private final String note;
    /** Input channels of a conv weight (1: filters wrap like channels); 0 for maps and matrices. */
    private final int inputs;

    private TileLayout(Kind kind, int inputs, int count, int tiles, int tilesShown, int columns, int mapRows,
                       int mapColumns, int rowStride, int gridRowStride, int gridColumnStride, int cellWidth,
                       int cellHeight, boolean printsValues, String note) {
        this.kind = kind;
        this.inputs = inputs;
        this.count = count;
        this.tiles = tiles;
        this.tilesShown = tilesShown;
        this.columns = columns;
        this.rows = (tilesShown + columns - 1) / columns;
        this.mapRows = mapRows;
        this.mapColumns = mapColumns;
        this.rowStride = rowStride;
        this.gridRowStride = gridRowStride;
        this.gridColumnStride = gridColumnStride;
        this.cellWidth = cellWidth;
        this.cellHeight = cellHeight;
        this.printsValues = printsValues;
        this.note = note;
    }

    /** Channels of a per-sample {@code [C, H, W]} output (or input), up to 32 of them. */
    public static TileLayout forMaps(Shape chw) {
        require(chw, 3, "[channels, height, width]");
        int c = chw.dim(0);
        int h = chw.dim(1);
        int w = chw.dim(2);
        int shown = Math.min(c, MAX_CHANNELS);
        boolean print = prints(h, w, (long) shown * h * w);
        int cell = print ? PRINT_CELL : squareCell(h, w, TILE_TARGET);
        int columns = gridColumns(shown, w * cell);
        String note = shown < c ? "showing " + shown + " of " + c + " channels" : "";
        return new TileLayout(Kind.MAPS, 0, chw.size(), c, shown, columns, h, w, w, columns * h * w, h * w,
                cell, cell, print, note);
    }

    /**
     * The kernels of a conv weight {@code [O, I, kh, kw]}: a row per filter and a column per input
     * channel; with one input channel the filters simply follow each other, as channels do.
     */
    public static TileLayout forFilters(Shape oihw) {
        require(oihw, 4, "[filters, inputs, kh, kw]");
        int o = oihw.dim(0);
        int in = oihw.dim(1);
        int kh = oihw.dim(2);
        int kw = oihw.dim(3);
        int k = kh * kw;
        if (in == 1) {
            int shown = Math.min(o, MAX_CHANNELS);
            boolean print = prints(kh, kw, (long) shown * k);
            int cell = print ? PRINT_CELL : squareCell(kh, kw, FILTER_TARGET);
            int columns = gridColumns(shown, kw * cell);
            String note = shown < o ? "showing " + shown + " of " + o + " filters" : "";
            return new TileLayout(Kind.FILTERS, 1, oihw.size(), o, shown, columns, kh, kw, kw, columns * k, k,
                    cell, cell, print, note);
        }
        int filters = Math.min(o, MAX_FILTERS);
        int inputs = Math.min(in, MAX_FILTER_INPUTS);
        boolean print = prints(kh, kw, (long) filters * inputs * k);
        int cell = print ? PRINT_CELL : squareCell(kh, kw, FILTER_TARGET);
        StringBuilder note = new StringBuilder();
        if (filters < o || inputs < in) {
            note.append("showing ").append(filters).append(" of ").append(o).append(" filters × ")
                    .append(inputs).append(" of ").append(in).append(" input channels");
        }
        return new TileLayout(Kind.FILTERS, in, oihw.size(), o * in, filters * inputs, inputs, kh, kw, kw,
                in * k, k, cell, cell, print, note.toString());
    }

    /** One {@code [rows, columns]} matrix, e.g. a dense weight {@code [units, inputs]}. */
    public static TileLayout forMatrix(Shape rc) {
        require(rc, 2, "[rows, columns]");
        int r = rc.dim(0);
        int c = rc.dim(1);
        int rs = Math.min(r, MAX_MATRIX_ROWS);
        int cs = Math.min(c, MAX_MATRIX_COLUMNS);
        boolean print = prints(rs, cs, (long) rs * cs);
        int cw = print ? PRINT_CELL : clamp(MATRIX_TARGET / cs, 1, MAX_CELL);
        int ch = print ? PRINT_CELL : clamp(MATRIX_TARGET / rs, 1, MAX_CELL);
        String note = "";
        if (rs < r || cs < c) {
            note = "showing " + rs + " of " + r + " rows × " + cs + " of " + c + " columns";
        }
        return new TileLayout(Kind.MATRIX, 0, rc.size(), 1, 1, 1, rs, cs, c, 0, 0, cw, ch, print, note);
    }

    private static void require(Shape s, int rank, String what) {
        if (s.rank() != rank) {
            throw new IllegalArgumentException("expected a " + what + " shape, got " + s);
        }
    }

    private static boolean prints(int h, int w, long values) {
        return h <= PRINT_MAX_SIDE && w <= PRINT_MAX_SIDE && values <= PRINT_MAX_VALUES;
    }

    private static int squareCell(int h, int w, int target) {
        return clamp(target / Math.max(h, w), 1, MAX_CELL);
    }

    private static int gridColumns(int shown, int tileWidth) {
        int fit = MAX_GRID_WIDTH / (tileWidth + 2 + GAP);
        return clamp(Math.min(fit, MAX_GRID_COLUMNS), 1, shown);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    public Kind kind() {
        return kind;
    }

    /** Values in the tensor. */
    @Override
    public int count() {
        return count;
    }

    /** Values in the picture. */
    @Override
    public int shown() {
        return tilesShown * mapRows * mapColumns;
    }

    /** Maps (channels, kernels) in the tensor: 1 for a matrix. */
    public int tiles() {
        return tiles;
    }

    public int tilesShown() {
        return tilesShown;
    }

    /** Tiles per row of the grid. */
    public int columns() {
        return columns;
    }

    /** Rows of the grid. */
    public int rows() {
        return rows;
    }

    /** Rows of values shown in each tile. */
    public int mapRows() {
        return mapRows;
    }

    /** Columns of values shown in each tile. */
    public int mapColumns() {
        return mapColumns;
    }

    public int cellWidth() {
        return cellWidth;
    }

    public int cellHeight() {
        return cellHeight;
    }

    @Override
    public boolean printsValues() {
        return printsValues;
    }

    @Override
    public String note() {
        return note;
    }

    boolean labelled() {
        return kind != Kind.MATRIX;
    }

    int tileWidth() {
        return mapColumns * cellWidth;
    }

    int tileHeight() {
        return mapRows * cellHeight;
    }

    @Override
    public int width() {
        return Math.max(MIN_WIDTH, 2 * PAD + columns * (tileWidth() + 2) + (columns - 1) * GAP);
    }

    @Override
    public int height() {
        return 2 * PAD + rows * ((labelled() ? LABEL : 0) + tileHeight() + 2) + (rows - 1) * GAP + LEGEND;
    }

    /** Left edge of a tile's values (inside its frame). */
    int tileX(int tile) {
        return PAD + (tile % columns) * (tileWidth() + 2 + GAP) + 1;
    }

    /** Top edge of a tile's values (inside its frame, below its label). */
    int tileY(int tile) {
        return PAD + (tile / columns) * ((labelled() ? LABEL : 0) + tileHeight() + 2 + GAP)
                + (labelled() ? LABEL : 0) + 1;
    }

    /** Flat index in the tensor of value (r, c) of a shown tile. */
    public int index(int tile, int r, int c) {
        return (tile / columns) * gridRowStride + (tile % columns) * gridColumnStride + r * rowStride + c;
    }

    /** The tile's label: the channel ({@code ch 3}) or the filter and input channel ({@code f3 · in1}). */
    public String label(int tile) {
        return switch (kind) {
            case MAPS -> "ch " + tile;
            case FILTERS -> inputs == 1 ? "f" + tile : "f" + tile / columns + " · in" + tile % columns;
            case MATRIX -> "";
        };
    }

    @Override
    public String toString() {
        return "TileLayout[" + kind + ", " + tilesShown + "/" + tiles + " tiles " + mapRows + "×" + mapColumns
                + " in " + rows + "×" + columns + ", cell " + cellWidth + "×" + cellHeight + ", "
                + width() + "×" + height() + " px" + (note.isEmpty() ? "" : ", " + note) + "]";
    }
}
