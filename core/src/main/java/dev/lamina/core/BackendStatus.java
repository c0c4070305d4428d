package dev.lamina.core;

import java.util.List;

/**
 * What discovery found about one backend: its id and priority, whether it can run here and why (not),
 * and extra lines such as the devices it sees. {@code source} names the provider class.
 */
public record BackendStatus(String id, int priority, String description, boolean available, String reason,
                            List<String> details, String source) {
    public BackendStatus {
        details = List.copyOf(details);
    }

    /** One line for error messages: {@code cpu (priority 10): available} or {@code blas: unavailable — why}. */
    public String line() {
        return id + " (priority " + priority + "): " + (available ? "available" : "unavailable — " + reason);
    }
}
