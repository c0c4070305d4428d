/**
 * The cpu backend's fast paths: a register-blocked single-precision GEMM micro-kernel in two forms — on
 * {@code jdk.incubator.vector} when that module is in the boot layer, and a plain loop written for C2's
 * auto-vectoriser otherwise ({@link dev.lamina.backend.cpu.gemm.MicroKernels} picks one at run time and
 * never fails to load) — convolution as GEMM over an implicit im2col ({@link dev.lamina.backend.cpu.gemm.ConvGemm}),
 * and the one shared pool of worker threads ({@link dev.lamina.backend.cpu.gemm.Workers}).
 */
package dev.lamina.backend.cpu.gemm;
