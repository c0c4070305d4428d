/**
 * ONNX import and export: {@link dev.lamina.onnx.OnnxImport} reads an {@code .onnx} file (as {@code torch.onnx.export}
 * writes it, opsets 11 to 17) into a Lamina {@link dev.lamina.core.Model} and its
 * {@link dev.lamina.core.Weights}. Each ONNX op maps to exactly one Lamina layer with PyTorch's semantics;
 * anything Lamina cannot express is an error before anything runs. {@link dev.lamina.onnx.OnnxExport} writes a
 * model and its weights back as ONNX (opset 17, the batch symbolic), for ONNX Runtime and other consumers.
 * Protobuf stays inside this module.
 */
package dev.lamina.onnx;
