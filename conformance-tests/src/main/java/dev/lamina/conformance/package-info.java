/**
 * The conformance kit every backend must pass: the cases and rules, a double-precision reference, the
 * runner ({@link dev.lamina.conformance.Conformance}, or {@link dev.lamina.conformance.BackendConformanceTest}
 * as one JUnit class) and the rules × backends report as JSON, Markdown and HTML.
 */
package dev.lamina.conformance;
