/**
 * {@code lamina bench}: every available Lamina backend side by side with ONNX Runtime on the W0, W1, W2
 * workloads, through JMH; packaged as its own jar ({@code bench/target/lamina-bench.jar}) that the
 * {@code lamina} command starts in a child JVM.
 */
package dev.lamina.bench;
