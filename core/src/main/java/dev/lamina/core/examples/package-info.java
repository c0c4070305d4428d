/**
 * Demo data, not API: the seed notebook's network with its hand-set weights and input, as used by
 * {@code lamina run notebook}, the conformance kit and the tests. Applications build their own models.
 */
package dev.lamina.core.examples;
