/**
 * The Lamina conformance kit's entry points: what a backend author and a tool use.
 *
 * <ul>
 *   <li>{@link dev.lamina.conformance.BackendConformanceTest} — extend it in one tiny JUnit 5 class to run
 *       every case on a backend (route A); {@link dev.lamina.conformance.ConformanceTest} is the same run,
 *       driven by the {@code lamina.conformance.backend} property (route B);</li>
 *   <li>{@link dev.lamina.conformance.Conformance} — the kit in one call for tools such as
 *       {@code lamina conformance}, returning a {@link dev.lamina.conformance.report.ConformanceReport};</li>
 *   <li>{@link dev.lamina.conformance.ConformanceSuite} and {@link dev.lamina.conformance.ConformanceRunner}
 *       — the cases, and one backend running them;</li>
 *   <li>{@link dev.lamina.conformance.Comparison} — layer-by-layer comparison of one model run, for
 *       {@code lamina compare}.</li>
 * </ul>
 *
 * <p>The cases live in {@code .cases}, the kit's own reference implementation in {@code .reference}, and
 * the results with their JSON, Markdown, HTML and JUnit XML renderings in {@code .report}.
 */
package dev.lamina.conformance;
