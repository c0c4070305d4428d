/**
 * The backend SPI: the contracts between Lamina and a backend. A backend author implements {@link
 * dev.lamina.spi.BackendProvider} (found by {@link java.util.ServiceLoader}) and a {@link dev.lamina.spi.Backend}.
 * A simple backend extends {@link dev.lamina.spi.KernelBackend} and registers one {@link dev.lamina.spi.Kernel}
 * per layer class ({@code register(Conv2d.class, ConvKernel::new)}, views such as flatten with {@code
 * registerView}); {@code supports} then answers from that table. A backend that keeps data on a device or fuses
 * layers implements {@link dev.lamina.spi.Backend#compile} itself, and can still keep its one place per layer
 * type in a {@link dev.lamina.spi.helpers.LayerTable}. Helpers that are not contracts live in {@link
 * dev.lamina.spi.helpers}.
 */
package dev.lamina.spi;
