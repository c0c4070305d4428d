/**
 * The results of conformance runs and their renderings: {@link dev.lamina.conformance.report.CaseResult}
 * per case and backend, {@link dev.lamina.conformance.report.BackendRun} per backend (its details, the
 * {@link dev.lamina.conformance.report.Machine} it ran on, the kit's version), and
 * {@link dev.lamina.conformance.report.ConformanceReport}: the rules × backends matrix as JSON (format
 * {@code lamina-conformance/2}, documented by the JSON Schema in this package's resources; format 1 is still
 * read), JUnit XML, Markdown and one self-contained HTML page. Reports of runs made on different machines
 * merge into one matrix, and {@link dev.lamina.conformance.report.RunDiff} compares a run with a baseline:
 * regressions, error drift, fixes. JSON is read and written with Jackson.
 */
package dev.lamina.conformance.report;
