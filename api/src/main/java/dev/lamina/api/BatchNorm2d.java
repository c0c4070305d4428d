package dev.lamina.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation at inference, as PyTorch's {@code nn.BatchNorm2d} in {@code eval()} mode: per channel
 * {@code y = (x − running_mean) / sqrt(running_var + eps) · weight + bias}; without {@code affine} there is no
 * weight or bias (1 and 0). Parameters, all {@code [C]}, under PyTorch's state_dict names: {@code weight},
 * {@code bias} (only when affine), {@code running_mean}, {@code running_var}; the running statistics are
 * not trainable. A negative running variance (below −eps) gives NaN, as in PyTorch.
 */
public record BatchNorm2d(double eps, boolean affine) implements Layer {
    public static final String RUNNING_MEAN = "running_mean";
    public static final String RUNNING_VAR = "running_var";
    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-5;

    public BatchNorm2d {
        Check.finite("batchnorm2d", "eps", eps);
        if (eps < 0) {
            throw new IllegalArgumentException("batchnorm2d: eps cannot be negative, got " + eps);
        }
    }

    /** PyTorch's defaults: {@code eps=1e-5, affine=True}. */
    public static BatchNorm2d of() {
        return new BatchNorm2d(DEFAULT_EPS, true);
    }

    @Override
    public String type() {
        return "batchnorm2d";
    }

    @Override
    public String displayName() {
        return "BatchNormalization";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.image(name, this, inputs);
    }

    @Override
    public Map<String, Shape> parameterShapes(List<Shape> inputs) {
        Shape c = Shape.of(inputs.get(0).dim(0));
        Map<String, Shape> m = new LinkedHashMap<>();
        if (affine) {
            m.put(Names.WEIGHT, c);
            m.put(Names.BIAS, c);
        }
        m.put(RUNNING_MEAN, c);
        m.put(RUNNING_VAR, c);
        return m;
    }

    /**
     * Random weights that look trained: weight and running_var uniform in [0.5, 1.5] (a variance is never
     * negative), bias and running_mean uniform in ±0.2.
     */
    @Override
    public ParamInit initialisation(String param, Map<String, Shape> parameterShapes) {
        return param.equals(Names.WEIGHT) || param.equals(RUNNING_VAR) ? new ParamInit(0.5, 1.5)
                : ParamInit.symmetric(0.2);
    }

    @Override
    public boolean trainable(String parameter) {
        return !parameter.equals(RUNNING_MEAN) && !parameter.equals(RUNNING_VAR);
    }
}
