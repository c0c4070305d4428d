/**
 * The {@code cpu} backend: plain Java, every layer, PyTorch's semantics exactly. One small kernel class per
 * layer type, geometry computed once per node; the model for numeric code in Lamina.
 */
package dev.lamina.backend.cpu;
