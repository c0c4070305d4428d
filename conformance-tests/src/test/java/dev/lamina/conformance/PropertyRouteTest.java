package dev.lamina.conformance;

import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.conformance.report.ConformanceReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "one property" route, end to end: the kit's own {@link ConformanceTest}, run by the JUnit Platform as
 * Surefire runs it from {@code <dependenciesToScan>}, tests the backend the property names, and is skipped
 * without it.
 */
class PropertyRouteTest {
    @AfterEach
    void clear() {
        System.clearProperty(BackendConformanceTest.PROPERTY);
        System.clearProperty(BackendConformanceTest.CASES_PROPERTY);
        System.clearProperty(BackendConformanceTest.REPORT_PROPERTY);
    }

    private static TestExecutionSummary launch() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ConformanceTest.class)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    @Test
    void runsTheBackendThePropertyNames(@TempDir Path dir) {
        System.setProperty(BackendConformanceTest.PROPERTY, ReferenceBackend.ID);
        System.setProperty(BackendConformanceTest.CASES_PROPERTY, "notebook.*");
        System.setProperty(BackendConformanceTest.REPORT_PROPERTY, dir.toString());
        TestExecutionSummary s = launch();
        long expected = ConformanceSuite.matching("notebook.*").size();
        assertEquals(0, s.getTotalFailureCount(), () -> s.getFailures().toString());
        assertEquals(expected, s.getTestsSucceededCount());
        assertTrue(Files.exists(dir.resolve(ConformanceReport.HTML_FILE)));
        ConformanceReport report = ConformanceReport.read(dir.resolve(ConformanceReport.JSON_FILE));
        assertEquals("reference: " + expected + " passed, 0 failed, 0 unsupported, 0 skipped — Lamina-compatible",
                report.summary());
    }

    @Test
    void isSkippedWithoutTheProperty() {
        TestExecutionSummary s = launch();
        assertEquals(0, s.getTotalFailureCount(), () -> s.getFailures().toString());
        assertEquals(0, s.getTestsSucceededCount());
        assertTrue(s.getTestsAbortedCount() + s.getContainersAbortedCount() > 0, "the factory is aborted");
    }
}
