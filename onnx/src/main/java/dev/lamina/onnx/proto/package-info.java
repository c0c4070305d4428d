/**
 * The ONNX IR messages Lamina reads, generated at build time by protoc from {@code src/main/proto/onnx_ir.proto}
 * (written from the ONNX IR specification). Internal to the importer; only {@link dev.lamina.onnx} uses it.
 */
package dev.lamina.onnx.proto;
