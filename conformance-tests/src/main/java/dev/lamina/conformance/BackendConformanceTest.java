package dev.lamina.conformance;

import dev.lamina.conformance.cases.ConformanceCase;
import dev.lamina.conformance.report.BackendRun;
import dev.lamina.conformance.report.CaseResult;
import dev.lamina.conformance.report.ConformanceReport;
import dev.lamina.core.BackendRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conformance kit as JUnit 5 tests. A backend author's whole setup is a test dependency on
 * {@code dev.lamina:lamina-conformance-tests} and
 * <pre>{@code
 * class MyConformanceTest extends BackendConformanceTest {
 *     @Override
 *     protected String backendId() {
 *         return "mine";
 *     }
 * }
 * }</pre>
 * Each case becomes one test named {@code [rule] title}: a failure fails it with the full message, an
 * unsupported optional case or an unavailable backend aborts it (shown as skipped) with the reason. After
 * the last case, the report is written to {@code target/lamina-conformance/<backend>/}
 * ({@code conformance.json}, {@code conformance-junit.xml}, {@code .md}, {@code .html}).
 *
 * <p>System properties: {@value #PROPERTY} names the backend when {@link #backendId()} is not overridden;
 * {@value #CASES_PROPERTY} runs only the cases whose rule or id matches a glob ({@code conv2d.*});
 * {@value #REPORT_PROPERTY} sets the report directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest {
    public static final String PROPERTY = "lamina.conformance.backend";
    public static final String CASES_PROPERTY = "lamina.conformance.cases";
    public static final String REPORT_PROPERTY = "lamina.conformance.report";

    private static final System.Logger LOG = System.getLogger(BackendConformanceTest.class.getName());

    private final List<CaseResult> results = Collections.synchronizedList(new ArrayList<>());
    private ConformanceRunner runner;
    private String tested;

    /**
     * The id of the backend under test. By default the system property {@value #PROPERTY}; override it to
     * name your backend.
     */
    protected String backendId() {
        String id = System.getProperty(PROPERTY);
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("no backend to test: override backendId() in " + getClass().getName()
                    + " or run with -D" + PROPERTY + "=<backend id>");
        }
        return id.trim();
    }

    /** Where backends are found: by default every provider visible to this test class. */
    protected BackendRegistry registry() {
        return BackendRegistry.discover(getClass().getClassLoader());
    }

    /** The cases to run: all, or those matching {@value #CASES_PROPERTY}. */
    protected List<ConformanceCase> cases() {
        String glob = System.getProperty(CASES_PROPERTY);
        return glob == null || glob.isBlank() ? ConformanceSuite.all() : ConformanceSuite.matching(glob.trim());
    }

    /** Where the report goes: {@value #REPORT_PROPERTY}, else {@code target/lamina-conformance/<backend>}. */
    protected Path reportDirectory(String backend) {
        String dir = System.getProperty(REPORT_PROPERTY);
        return dir == null || dir.isBlank() ? Path.of("target", "lamina-conformance", backend) : Path.of(dir.trim());
    }

    @TestFactory
    public Stream<DynamicNode> conformance() {
        String id = backendId();
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank() && !property.trim().equals(id)) {
            LOG.log(System.Logger.Level.WARNING, "{0} tests backend {1}, not {2} named by -D{3}",
                    getClass().getName(), id, property.trim(), PROPERTY);
        }
        tested = id;
        runner = new ConformanceRunner(registry(), id);
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> check(c)));
    }

    private void check(ConformanceCase c) {
        CaseResult r = runner.run(c);
        results.add(r);
        String text = r.describe();
        switch (r.outcome()) {
            case PASSED -> { }
            case FAILED -> throw new AssertionFailedError(text, r.cause());
            case UNSUPPORTED -> throw new TestAbortedException(text + " (reported, not a failure)");
            case SKIPPED -> throw new TestAbortedException(text);
        }
    }

    /** Writes the report of what ran and closes the runner. */
    @AfterAll
    public void writeReport() {
        if (runner == null) {
            return;
        }
        BackendRun run = runner.describeRun();
        runner.close();
        if (results.isEmpty()) {
            return;
        }
        ConformanceReport report = ConformanceReport.of(new ArrayList<>(results), List.of(run));
        Path dir = reportDirectory(tested);
        report.writeTo(dir);
        LOG.log(System.Logger.Level.INFO, "Lamina conformance: {0}; report in {1}", report.summary(),
                dir.toAbsolutePath());
    }
}
