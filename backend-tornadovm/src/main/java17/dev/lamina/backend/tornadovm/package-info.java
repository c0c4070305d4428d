/**
 * The {@code tornadovm} backend: the whole network as one TornadoVM task graph on an OpenCL, PTX or SPIR-V
 * device. The provider is compiled for Java 17 so that every JVM can list it and say why it cannot run; the
 * rest needs Java 25 and a TornadoVM runtime.
 */
package dev.lamina.backend.tornadovm;
