/**
 * The {@code lamina} command (picocli): run, summary, inspect, backends, conformance, compare, bench. An
 * application wired by Guice ({@code CliModule} installs {@link dev.lamina.core.LaminaModule}); the only
 * place that prints to {@code System.out}.
 */
package dev.lamina.cli;
