package dev.lamina.conformance.cases;

import java.util.Objects;

/**
 * Whether a backend may decline a case. A backend is free to support only some layers and parameters, and
 * an unsupported case is then reported, not failed — except for the notebook network, which every backend
 * must run, and the basic form of every layer type the backend claims at all: a backend that runs some
 * {@code conv2d} must run the plain one.
 */
public record Requirement(Kind kind, String layerType) {
    public enum Kind { ALWAYS, WHEN_TYPE_SUPPORTED, OPTIONAL }

    private static final Requirement ALWAYS = new Requirement(Kind.ALWAYS, "");
    private static final Requirement OPTIONAL = new Requirement(Kind.OPTIONAL, "");

    public Requirement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(layerType, "layerType");
        if (kind == Kind.WHEN_TYPE_SUPPORTED && layerType.isEmpty()) {
            throw new IllegalArgumentException("a layer type is needed");
        }
    }

    public static Requirement always() {
        return ALWAYS;
    }

    public static Requirement optional() {
        return OPTIONAL;
    }

    /** Required when the backend supports any node of this layer type anywhere in the suite. */
    public static Requirement basicOf(String layerType) {
        return new Requirement(Kind.WHEN_TYPE_SUPPORTED, layerType);
    }

    public String describe() {
        return switch (kind) {
            case ALWAYS -> "required";
            case WHEN_TYPE_SUPPORTED -> "required when the backend supports " + layerType;
            case OPTIONAL -> "optional";
        };
    }
}
