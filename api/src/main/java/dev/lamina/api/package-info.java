/**
 * What a model is made of, for users and backends alike: {@link dev.lamina.api.Shape}, the float32
 * {@link dev.lamina.api.Tensor}, and the layer specs ({@link dev.lamina.api.Conv2d}, {@link
 * dev.lamina.api.Dense}, the pools, activations, {@link dev.lamina.api.Add}, {@link dev.lamina.api.Concat} …),
 * each an immutable record that validates its parameters and infers its output shape. JDK only.
 */
package dev.lamina.api;
