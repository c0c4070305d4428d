/**
 * The results of conformance runs and their renderings: {@link dev.lamina.conformance.report.CaseResult}
 * per case and backend, {@link dev.lamina.conformance.report.ConformanceReport} as the rules × backends
 * matrix in JSON (format {@code lamina-conformance/1}), Markdown and one self-contained HTML page, read
 * back from JSON to merge the runs of several backends.
 */
package dev.lamina.conformance.report;
