package dev.lamina.inspect;

import dev.lamina.api.Shape;
import dev.lamina.core.Summary;

import java.util.Base64;

/**
 * Writes the report as one HTML page that needs nothing else: styles inline, pictures as {@code data:}
 * URIs, no script, no fonts or files fetched, so it opens offline and can be mailed or attached as is.
 * The same numbers as the pictures are printed as text, so nothing depends on the fonts of the machine
 * that drew them.
 */
final class ReportPage {
    /** Above this many values shown, a picture's values are not listed (the page stays small). */
    static final int MAX_LISTED_VALUES = 1024;
    /** Flat values are listed this many to a row. */
    private static final int ROW = 16;

    private static final String CSS = """
            :root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--card:#fff;--bg:#f3f4f6}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);
              font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
            main{max-width:1080px;margin:0 auto;padding:20px 24px 40px}
            h1{font-size:24px;margin:0}
            h1 small{font-weight:normal;color:var(--muted);font-size:15px;margin-left:8px}
            h2{font-size:17px;margin:0 0 6px}
            h2 .type{font-weight:normal;color:var(--muted);font-size:13px;margin-left:8px}
            h3{font-size:13px;margin:14px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
            h3 .ids{text-transform:none;letter-spacing:0;color:var(--ink)}
            .sub{color:var(--muted);margin:4px 0 0}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0}
            nav{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
            nav a{font-size:12px;padding:2px 8px;border:1px solid var(--line);border-radius:12px;background:#fff;
              color:var(--ink);text-decoration:none}
            table.summary{border-collapse:collapse;width:100%}
            table.summary th,table.summary td{text-align:left;padding:4px 10px;border-bottom:1px solid var(--line)}
            table.summary th{font-size:12px;color:var(--muted);font-weight:600}
            table.summary tfoot td{border-bottom:0;font-weight:600}
            .n{text-align:right!important;font-variant-numeric:tabular-nums}
            code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
            .facts{display:flex;flex-wrap:wrap;gap:2px 22px;margin:0 0 8px;padding:0}
            .facts div{display:flex;gap:6px;align-items:baseline}
            .facts dt{color:var(--muted);font-size:12px}
            .facts dd{margin:0;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
            .row{display:flex;flex-wrap:wrap;gap:10px 28px;align-items:flex-start}
            figure{margin:4px 0}
            figure img{display:block;max-width:100%;height:auto;image-rendering:pixelated;border:1px solid #eceef1}
            figcaption{color:var(--muted);font-size:12px;margin-top:3px}
            figcaption a{color:var(--muted)}
            .note{display:inline-block;color:#7a4a00;background:#fff4d6;border-radius:4px;padding:0 6px;font-size:12px}
            details{margin:4px 0}
            summary{cursor:pointer;color:var(--muted);font-size:12px}
            .tables{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:flex-start;margin-top:4px}
            table.v{border-collapse:collapse;font:11px/1.25 ui-monospace,"DejaVu Sans Mono",monospace}
            table.v caption{text-align:left;color:var(--muted);font:11px system-ui,sans-serif;padding-bottom:2px}
            table.v td{padding:2px 5px;text-align:right;border:1px solid #fff;min-width:3.2em}
            table.v td.d{color:#fff}
            table.v th{font-weight:normal;color:var(--muted);padding:0 6px 0 0;text-align:right}
            .legend{display:flex;align-items:center;gap:10px;margin-top:10px;font-size:12.5px}
            .legend .sub{margin:0}
            .grad{flex:none;width:160px;height:12px;border:1px solid #ccc;
              background:linear-gradient(to right,#2166ac,#67a9cf,#d1e5f0,#fff,#fddbc7,#ef8a62,#b2182b)}
            .ok{color:#1a7f37}.warn{color:#9a6700}.bad{color:#cf222e}
            footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
            """;

    private final InspectReport report;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    ReportPage(InspectReport report) {
        this.report = report;
    }

    String render() {
        Summary s = report.summary();
        String model = report.model().name();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(model)).append(" · Lamina inspect</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(s);
        summaryTable(s);
        for (InspectReport.Section section : report.sections()) {
            section(section);
        }
        out.append("<footer>Made by <code>lamina inspect</code>. Each picture is also a PNG file beside this page.")
                .append("</footer>\n</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private void header(Summary s) {
        Shape in = report.outputs().input().shape();
        out.append("<header>\n<h1>").append(esc(report.model().name())).append("<small>Lamina inspect</small></h1>\n")
                .append("<p class=\"sub\">input <code>").append(in).append("</code> · ")
                .append(report.model().layers().size()).append(" layers · ").append(s.totalParams())
                .append(" parameters · backend <b>").append(esc(report.backend())).append("</b>");
        report.compareBackend().ifPresent(b -> out.append(" · compared with <b>").append(esc(b)).append("</b>"));
        if (in.dim(0) > 1) {
            out.append(" · pictures of sample ").append(report.sample()).append(" of ").append(in.dim(0));
        }
        out.append("</p>\n<nav>");
        for (InspectReport.Section section : report.sections()) {
            out.append("<a href=\"#").append(anchor(section.name())).append("\">").append(esc(section.name()))
                    .append("</a>");
        }
        out.append("</nav>\n");
        legend();
        out.append("</header>\n");
    }

    private void summaryTable(Summary s) {
        boolean comparing = report.compareBackend().isPresent();
        out.append("<section class=\"card\" id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n")
                .append("<thead><tr><th>Layer</th><th>Type</th><th>Output shape</th><th class=\"n\">Param #</th>")
                .append("<th>Backend</th>");
        if (comparing) {
            out.append("<th class=\"n\">max |").append(esc(report.backend())).append(" − ")
                    .append(esc(report.compareBackend().get())).append("|</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (Summary.Row r : s.rows()) {
            out.append("<tr><td><a href=\"#").append(anchor(r.name())).append("\">").append(esc(r.name()))
                    .append("</a></td><td>").append(esc(r.type())).append("</td><td><code>")
                    .append(esc(r.outputText())).append("</code></td><td class=\"n\">").append(r.params())
                    .append("</td><td>").append(esc(r.backend())).append("</td>");
            if (comparing) {
                Float e = report.maxAbsErrors().get(r.name());
                out.append("<td class=\"n\">").append(e == null ? "" : error(e)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n<tfoot><tr><td colspan=\"3\">Total params</td><td class=\"n\">")
                .append(s.totalParams()).append("</td><td colspan=\"").append(comparing ? 2 : 1)
                .append("\"></td></tr></tfoot>\n</table>\n</section>\n");
    }

    private void legend() {
        out.append("<div class=\"legend\"><span class=\"grad\"></span><span class=\"sub\">")
                .append("blue negative · white zero · red positive · black NaN. Each picture has its own scale,")
                .append(" symmetric around zero (±max under it); numbers in cells are rounded, the tables")
                .append(" below give the exact float32 values.</span></div>\n");
    }

    private void section(InspectReport.Section s) {
        out.append("<section class=\"card layer\" id=\"").append(anchor(s.name())).append("\">\n<h2>")
                .append(esc(s.name())).append("<span class=\"type\">").append(esc(s.type())).append("</span></h2>\n")
                .append("<dl class=\"facts\">");
        fact("shape", "<code>" + s.shape() + "</code>");
        ValueStats st = s.stats();
        fact("min", num(st.min()));
        fact("max", num(st.max()));
        fact("mean", Double.isNaN(st.mean()) ? "–" : Text.significant(st.mean(), 4));
        if (st.nans() > 0 || st.infinities() > 0) {
            fact("non-finite", "<span class=\"bad\">" + st.nans() + " NaN, " + st.infinities() + " ∞</span>");
        }
        if (s.params() > 0) {
            fact("params", Long.toString(s.params()));
        }
        if (!s.backend().isEmpty()) {
            fact("backend", esc(s.backend()));
        }
        out.append("</dl>\n");
        picture(s.output(), true);
        if (!s.weights().isEmpty()) {
            out.append("<h3>Weights</h3>\n<div class=\"row\">\n");
            for (Picture w : s.weights()) {
                out.append("<div>");
                picture(w, false);
                out.append("</div>\n");
            }
            out.append("</div>\n");
        }
        if (s.difference() != null) {
            out.append("<h3>Difference <span class=\"ids\">").append(esc(report.backend())).append(" − ")
                    .append(esc(report.compareBackend().orElse(""))).append("</span></h3>\n<dl class=\"facts\">");
            fact("max abs error", error(s.maxAbsError()));
            out.append("</dl>\n");
            picture(s.difference(), false);
        }
        out.append("</section>\n");
    }

    private void fact(String name, String html) {
        out.append("<div><dt>").append(name).append("</dt><dd>").append(html).append("</dd></div>");
    }

    /** The picture (embedded), its caption and, when small enough, its values as coloured tables. */
    private void picture(Picture p, boolean open) {
        String file = report.fileNames().get(p.name());
        String data = Base64.getEncoder().encodeToString(report.pngView(p.name()));
        // Captions wrap under their picture rather than stretching a narrow one's row.
        out.append("<figure style=\"max-width:").append(Math.max(p.width() + 2, 320)).append("px\">")
                .append("<img src=\"data:image/png;base64,").append(data).append("\" width=\"").append(p.width())
                .append("\" height=\"").append(p.height()).append("\" alt=\"").append(esc(p.name())).append(": ")
                .append(esc(p.description())).append("\">\n<figcaption><b>").append(esc(p.name())).append("</b> ")
                .append(esc(p.description())).append(" · scale ±").append(Text.compact(p.scale().maxAbs(), 4))
                .append(" · <a href=\"").append(esc(file)).append("\">").append(esc(file)).append("</a>");
        if (!p.note().isEmpty()) {
            out.append(" <span class=\"note\">").append(esc(p.note())).append("</span>");
        }
        out.append("</figcaption></figure>\n");
        values(p, open);
    }

    private void values(Picture p, boolean open) {
        Layout layout = p.layout();
        if (layout.shown() > MAX_LISTED_VALUES) {
            out.append("<p class=\"sub\" style=\"font-size:12px\">").append(layout.shown())
                    .append(" values shown: too many to list here.</p>\n");
            return;
        }
        boolean expanded = open && layout.printsValues();
        out.append("<details").append(expanded ? " open" : "").append("><summary>exact values (")
                .append(layout.shown()).append(layout.shown() < layout.count() ? " of " + layout.count() : "")
                .append(")</summary>\n<div class=\"tables\">\n");
        if (layout instanceof TileLayout t) {
            tileTables(p, t);
        } else {
            barTable(p, (BarLayout) layout);
        }
        out.append("</div>\n</details>\n");
    }

    private void tileTables(Picture p, TileLayout t) {
        float[] v = p.valuesView();
        for (int tile = 0; tile < t.tilesShown(); tile++) {
            out.append("<table class=\"v\">");
            if (!t.label(tile).isEmpty()) {
                out.append("<caption>").append(esc(t.label(tile))).append("</caption>");
            }
            for (int r = 0; r < t.mapRows(); r++) {
                out.append("<tr>");
                for (int c = 0; c < t.mapColumns(); c++) {
                    cell(p.scale(), v[t.index(tile, r, c)], "[" + r + ", " + c + "]");
                }
                out.append("</tr>");
            }
            out.append("</table>\n");
        }
    }

    private void barTable(Picture p, BarLayout b) {
        float[] v = p.valuesView();
        out.append("<table class=\"v\">");
        for (int start = 0; start < b.shown(); start += ROW) {
            out.append("<tr><th>").append(start).append("</th>");
            for (int i = start; i < Math.min(b.shown(), start + ROW); i++) {
                cell(p.scale(), v[i], "[" + i + "]");
            }
            out.append("</tr>");
        }
        out.append("</table>\n");
    }

    private void cell(ColorScale scale, float v, String where) {
        int rgb = scale.rgb(v);
        out.append("<td");
        if (ColorScale.isDark(rgb)) {
            out.append(" class=\"d\"");
        }
        if (rgb != 0xffffff) {
            out.append(" style=\"background:").append(scale.css(v)).append('"');
        }
        out.append(" title=\"").append(where).append("\">").append(Text.exact(v)).append("</td>");
    }

    private static String num(float v) {
        return Float.isNaN(v) ? "–" : Text.exact(v);
    }

    private static String error(float e) {
        String cls = e == 0 ? "ok" : Float.isNaN(e) || Float.isInfinite(e) ? "bad" : "warn";
        return "<span class=\"" + cls + "\">" + Text.exact(e) + "</span>";
    }

    /** A fragment id for a layer: its name with anything outside a safe set escaped. */
    static String anchor(String name) {
        StringBuilder sb = new StringBuilder("l-");
        for (char ch : name.toCharArray()) {
            if (Character.isLetterOrDigit(ch) && ch < 128 || ch == '-' || ch == '_') {
                sb.append(ch);
            } else {
                sb.append('.').append(Integer.toHexString(ch));
            }
        }
        return sb.toString();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
