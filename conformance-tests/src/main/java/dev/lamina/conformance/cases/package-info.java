/**
 * The kit's cases: the named {@link dev.lamina.conformance.cases.Rule}s a backend is held to, one
 * {@link dev.lamina.conformance.cases.ConformanceCase} per check (notebook, every layer over its parameter
 * space, seeded random cases, PyTorch golden files, whole models, the canary), the fixtures they run and the
 * element-by-element {@link dev.lamina.conformance.cases.LayerCheck} that decides each.
 *
 * <p>Public types here are what runners and reports need to see; building a case is the kit's own
 * business (the case lists are package-private, {@link dev.lamina.conformance.cases.KitCases} gathers them).
 */
package dev.lamina.conformance.cases;
