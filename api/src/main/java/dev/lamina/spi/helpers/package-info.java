/**
 * Helpers for backend authors, kept apart from the contracts in {@link dev.lamina.spi} (as SLF4J keeps
 * {@code spi} and {@code helpers} apart): {@link dev.lamina.spi.helpers.LayerTable}, the typed table from layer
 * class to whatever a backend builds per node (a kernel, a step, a device task); {@link
 * dev.lamina.spi.helpers.KernelPlan}, the default plan of {@link dev.lamina.spi.KernelBackend}; and {@link
 * dev.lamina.spi.helpers.PlanInputs}, the input checks every plan needs. Nothing here is required: a backend
 * may implement {@link dev.lamina.spi.Backend} without any of it.
 */
package dev.lamina.spi.helpers;
