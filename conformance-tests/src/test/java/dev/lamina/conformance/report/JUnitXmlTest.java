package dev.lamina.conformance.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JUnitXmlTest {
    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList nl = d.getElementsByTagName(tag);
        List<Element> l = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            l.add((Element) nl.item(i));
        }
        return l;
    }

    @Test
    void aSuitePerBackendAndATestcasePerCaseNamedByRule() throws Exception {
        Document d = parse(ReportTest.sample().toJUnitXml());
        Element root = d.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("5", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        assertEquals("2", root.getAttribute("skipped"));
        List<Element> suites = elements(d, "testsuite");
        assertEquals(List.of("lamina-conformance.cpu", "lamina-conformance.gpu"),
                suites.stream().map(s -> s.getAttribute("name")).toList());
        assertEquals("3", suites.get(0).getAttribute("tests"));
        List<Element> cases = elements(d, "testcase");
        assertEquals(List.of("[conv2d.stride] title of a/1", "[conv2d.stride] title of a/2",
                        "[softmax.large-logits] title of b/1", "[conv2d.stride] title of a/1",
                        "[softmax.large-logits] title of b/1"),
                cases.stream().map(c -> c.getAttribute("name")).toList());
        assertEquals("lamina-conformance.gpu", cases.get(3).getAttribute("classname"));
        assertEquals("0.003", cases.get(0).getAttribute("time"));
    }

    @Test
    void failuresCarryTheRuleAndTheWholeStory() throws Exception {
        Document d = parse(ReportTest.sample().toJUnitXml());
        List<Element> failures = elements(d, "failure");
        assertEquals(1, failures.size());
        Element f = failures.get(0);
        assertEquals("conv2d.stride", f.getAttribute("type"));
        assertTrue(f.getAttribute("message").startsWith("layer conv1: "), f.getAttribute("message"));
        assertTrue(f.getTextContent().contains("<script>\"x\"</script>"), "escaped, read back intact");
        assertTrue(f.getTextContent().startsWith("a/1 [conv2d.stride] title of a/1 on gpu: failed"), f.getTextContent());
        List<Element> skipped = elements(d, "skipped");
        assertEquals(List.of("unsupported: no softmax", "skipped: unavailable"),
                skipped.stream().map(s -> s.getAttribute("message")).toList());
    }

    @Test
    void theRunsMachineIsAProperty() throws Exception {
        Document d = parse(ReportTest.sample().toJUnitXml());
        List<String> props = elements(d, "property").stream()
                .map(p -> p.getAttribute("name") + "=" + p.getAttribute("value")).toList();
        assertTrue(props.contains("machine=" + Machine.local().describe()), props.toString());
        assertTrue(props.contains("backend=cpu"), props.toString());
    }

    @Test
    void controlCharactersCannotBreakTheXml() throws Exception {
        assertEquals("a\uFFFDb\tc\uFFFD\uD83D\uDE00", ReportJUnit.text("a\u0001b\tc\uD800\uD83D\uDE00"));
    }
}
