/**
 * The {@code blas} backend: OpenBLAS through bytedeco JavaCPP ({@code org.bytedeco} is used only here).
 * Convolutions as Winograd or im2col + {@code cblas_sgemm}, dense layers as sgemm, native buffers owned by the
 * compiled plan; the native library is loaded only when the backend is probed.
 */
package dev.lamina.backend.blas;
