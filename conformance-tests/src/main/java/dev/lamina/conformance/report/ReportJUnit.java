package dev.lamina.conformance.report;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The report as JUnit XML (the Ant/Surefire dialect every CI system reads): one {@code <testsuite>} per
 * backend, named {@code lamina-conformance.<backend>}, with the run's machine, device and kit version as
 * properties, and one {@code <testcase>} per kit case, named by its rule ({@code [rule] title}) with the
 * suite's name as class name. A failed case carries a {@code <failure>} whose type is the rule and whose text
 * is the whole story; an unsupported or skipped case a {@code <skipped>} with the reason.
 */
final class ReportJUnit {
    private ReportJUnit() {
    }

    static String render(ConformanceReport report) {
        StringWriter out = new StringWriter(32 * 1024);
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "lamina-conformance");
            x.writeAttribute("tests", String.valueOf(report.results().size()));
            x.writeAttribute("failures", String.valueOf(count(report.results(), Outcome.FAILED)));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", String.valueOf(count(report.results(), Outcome.UNSUPPORTED)
                    + count(report.results(), Outcome.SKIPPED)));
            x.writeAttribute("time", seconds(report.results().stream().mapToLong(CaseResult::millis).sum()));
            x.writeCharacters("\n");
            for (String b : report.backends()) {
                suite(x, report, b);
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing JUnit XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void suite(XMLStreamWriter x, ConformanceReport report, String backend) throws XMLStreamException {
        List<CaseResult> rs = report.results(backend);
        BackendRun run = report.run(backend);
        String name = "lamina-conformance." + backend;
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", name);
        x.writeAttribute("tests", String.valueOf(rs.size()));
        x.writeAttribute("failures", String.valueOf(count(rs, Outcome.FAILED)));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", String.valueOf(count(rs, Outcome.UNSUPPORTED) + count(rs, Outcome.SKIPPED)));
        x.writeAttribute("time", seconds(rs.stream().mapToLong(CaseResult::millis).sum()));
        x.writeAttribute("timestamp", LocalDateTime.ofInstant(run.created(), ZoneOffset.UTC).toString());
        x.writeAttribute("hostname", text(run.machine().name().isEmpty() ? "unknown" : run.machine().name()));
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "backend", backend);
        property(x, "verdict", report.summary(backend));
        property(x, "machine", run.machine().describe());
        property(x, "device", run.device());
        property(x, "kit", run.kit());
        for (int i = 0; i < run.details().size(); i++) {
            property(x, "details." + (i + 1), run.details().get(i));
        }
        x.writeCharacters("\n    ");
        x.writeEndElement();
        for (CaseResult r : rs) {
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", name);
            x.writeAttribute("name", text(r.displayName()));
            x.writeAttribute("time", seconds(r.millis()));
            switch (r.outcome()) {
                case PASSED -> { }
                case FAILED -> {
                    x.writeStartElement("failure");
                    x.writeAttribute("type", r.rule().id());
                    x.writeAttribute("message", text(r.message()));
                    x.writeCharacters(text(r.describe()));
                    x.writeEndElement();
                }
                case UNSUPPORTED, SKIPPED -> {
                    x.writeEmptyElement("skipped");
                    x.writeAttribute("message", text(r.outcome().label() + ": " + r.message()));
                }
            }
            x.writeEndElement();
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        if (value.isEmpty()) {
            return;
        }
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", text(value));
    }

    private static long count(List<CaseResult> rs, Outcome o) {
        return rs.stream().filter(r -> r.outcome() == o).count();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** XML 1.0 cannot hold most control characters nor a lone surrogate, not even escaped: each becomes U+FFFD. */
    static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD);
            sb.append(ok ? c : '\uFFFD');
        }
        return sb.toString();
    }
}
