package dev.lamina.spi;

import java.util.Objects;

/** Whether a backend can run on this machine, and why not when it cannot. */
public record Availability(boolean available, String reason) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
