/**
 * The backend SPI. A backend author implements {@link dev.lamina.spi.BackendProvider} (found by
 * {@link java.util.ServiceLoader}) and a {@link dev.lamina.spi.Backend}. A simple backend extends
 * {@link dev.lamina.spi.KernelBackend} and writes one {@link dev.lamina.spi.Kernel} per layer type; a backend
 * that wants to keep data on a device or fuse layers implements {@link dev.lamina.spi.Backend#compile} itself.
 */
package dev.lamina.spi;
