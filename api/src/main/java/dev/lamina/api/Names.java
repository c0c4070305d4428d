package dev.lamina.api;

/**
 * Reserved names, spelled once: the parameter names of PyTorch's {@code state_dict} and the name by which
 * a layer reads the model's input.
 */
public final class Names {
    /** A layer's weight parameter ({@code <layer>.weight} in a state_dict). */
    public static final String WEIGHT = "weight";
    /** A layer's bias parameter ({@code <layer>.bias} in a state_dict). */
    public static final String BIAS = "bias";
    /** What a layer lists among its inputs to read the model's input; no layer can take this name. */
    public static final String INPUT = "input";

    private Names() {
    }
}
