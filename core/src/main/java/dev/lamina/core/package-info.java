/**
 * Lamina itself: models ({@link dev.lamina.core.Model}, built sequentially or as a graph, shapes inferred
 * and checked when built), {@link dev.lamina.core.Weights}, the summary, backend discovery and selection
 * ({@link dev.lamina.core.BackendRegistry}), the {@link dev.lamina.core.Compiler} that places layers on
 * backends and the {@link dev.lamina.core.CompiledModel} that runs them. {@link dev.lamina.core.Lamina} is the
 * front door without Guice, {@link dev.lamina.core.LaminaModule} the wiring for applications that use it.
 */
package dev.lamina.core;
