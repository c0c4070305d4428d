/**
 * Pictures of what a network computes and a self-contained HTML report of them: {@link
 * dev.lamina.inspect.LayerPictures} draws one output, weight or difference; {@link
 * dev.lamina.inspect.InspectReport} runs a model and draws them all. Java2D and {@code javax.imageio} only,
 * off screen: no native library, no display, nothing fetched.
 */
package dev.lamina.inspect;
