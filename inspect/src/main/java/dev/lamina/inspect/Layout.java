package dev.lamina.inspect;

/**
 * Where everything goes in a picture, computed from the shape alone, so that a picture's size follows
 * its tensor's shape by a formula that callers and tests can compute too.
 */
public sealed interface Layout permits TileLayout, BarLayout {
    /** Outer margin of every picture, in pixels. */
    int PAD = 8;

    /** Width of the picture in pixels. */
    int width();

    /** Height of the picture in pixels. */
    int height();

    /** How many values the tensor has, and how many the picture shows. */
    int count();

    int shown();

    /** Says what was left out, e.g. {@code showing 32 of 64 channels}; empty when everything is shown. */
    String note();

    /** Whether the values are printed in the picture (small tensors only). */
    boolean printsValues();
}
