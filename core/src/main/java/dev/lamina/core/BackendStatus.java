package dev.lamina.core;

import java.util.List;

/**
 * What discovery found about one backend: its id, its priority for automatic selection (the declared one,
 * or lower when the probe found a slower device: {@code declaredPriority} keeps the declared one and
 * {@code reason} says why), whether it can run here and why (not), and extra lines such as the devices it
 * sees. {@code source} names the provider class.
 */
public record BackendStatus(String id, int priority, int declaredPriority, String description, boolean available,
                            String reason, List<String> details, String source) {
    public BackendStatus {
        details = List.copyOf(details);
    }

    /** Whether the probe lowered the declared priority. */
    public boolean lowered() {
        return priority != declaredPriority;
    }

    /**
     * One line for error messages: {@code cpu (priority 10): available},
     * {@code tornadovm (priority 5, declared 30): available — why} or {@code blas: unavailable — why}.
     */
    public String line() {
        return id + " (priority " + priority + (lowered() ? ", declared " + declaredPriority : "") + "): "
                + (available ? "available" + (lowered() ? " — " + reason : "") : "unavailable — " + reason);
    }
}
