package dev.lamina.spi;

import java.util.Objects;

/** A backend's answer to "can you run this node?", with the reason when it cannot. */
public record Support(boolean supported, String reason) {
    private static final Support YES = new Support(true, "supported");

    public Support {
        Objects.requireNonNull(reason, "reason");
    }

    public static Support yes() {
        return YES;
    }

    public static Support no(String reason) {
        return new Support(false, reason);
    }
}
