/**
 * Helpers for backend authors, kept apart from the contracts in {@link dev.lamina.spi} (as SLF4J keeps
 * {@code spi} and {@code helpers} apart): {@link dev.lamina.spi.helpers.LayerTable}, the typed table from layer
 * class to whatever a backend builds per node (a kernel, a step, a device task); {@link
 * dev.lamina.spi.helpers.KernelPlan}, the default plan of {@link dev.lamina.spi.KernelBackend}; and {@link
 * dev.lamina.spi.helpers.PlanInputs}, the input checks every plan needs; {@link dev.lamina.spi.helpers.SlotPool}, a
 * pool of per-call workspaces that allocates nothing to take or return one; {@link
 * dev.lamina.spi.helpers.ThreadCount}, the one {@code lamina.threads} setting with a backend's own override; and
 * {@link dev.lamina.spi.helpers.Erf}, the error function GELU needs (Java 17's {@code Math} has none), so that
 * every backend computes the same one; {@link dev.lamina.spi.helpers.WinogradF23}, the F(2×2, 3×3) filter transform; and
 * {@link dev.lamina.spi.helpers.VectorJit}, the JVM option Vector API kernels need and a check for it.
 * Nothing here is required: a backend may implement
 * {@link dev.lamina.spi.Backend} without any of it.
 */
package dev.lamina.spi.helpers;
