/**
 * The file formats Lamina reads and writes: model files (JSON, {@code lamina-model/1}), weights
 * (safetensors) and tensors (NumPy {@code .npy}). A bad file is one clear error naming the file and the
 * problem, never an OutOfMemoryError or a hang.
 */
package dev.lamina.core.io;
