/**
 * The kit's own reference implementation: naive loops written from PyTorch's definitions, independent of
 * every backend, summing in double and rounding each layer's output to float32 once, with the derived
 * {@link dev.lamina.conformance.reference.Tolerance} any correct float32 backend meets. Also the reference as
 * a backend ({@link dev.lamina.conformance.reference.ReferenceBackend}), for building deliberately broken or
 * partial backends in tests. Depends on nothing else of the kit.
 */
package dev.lamina.conformance.reference;
