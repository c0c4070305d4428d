package dev.lamina.spi;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Whether a backend can run on this machine, and why not when it cannot. An available backend may also say
 * that what its probe found makes it a worse automatic choice than its declared
 * {@link BackendProvider#priority()} (e.g. an OpenCL device that is a CPU): {@code priority} is then its
 * effective priority, never above the declared one (a higher value is capped at it), and {@code reason} says
 * why.
 */
public record Availability(boolean available, String reason, OptionalInt priority) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(priority, "priority");
        if (!available && priority.isPresent()) {
            throw new IllegalArgumentException("an unavailable backend has no effective priority");
        }
    }

    public Availability(boolean available, String reason) {
        this(available, reason, OptionalInt.empty());
    }

    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    /** Available, but for automatic selection at {@code priority} rather than the declared priority. */
    public static Availability available(String detail, int priority) {
        return new Availability(true, detail, OptionalInt.of(priority));
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
