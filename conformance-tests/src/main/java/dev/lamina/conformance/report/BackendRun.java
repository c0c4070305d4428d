package dev.lamina.conformance.report;

import dev.lamina.core.BackendStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One backend's run of the kit: which backend, what it said about itself, on which machine, with which kit,
 * when. A report holds one per column of its matrix.
 *
 * @param backend      the column's id: the backend id, or {@code id@machine} when a merge holds the same
 *                     backend from several machines
 * @param description  the provider's one-line description (empty when not known)
 * @param availability why the backend is available, or not, as its probe said (empty when not known)
 * @param details      the provider's {@code details()} lines, e.g. the devices it sees
 * @param device       the device it ran on, when the backend says: the details line it marks
 *                     {@code (used)}; empty otherwise
 * @param machine      the machine the run was made on
 * @param kit          the version of the kit that ran the cases
 * @param created      when the run's report was made
 */
public record BackendRun(String backend, String description, String availability, List<String> details,
                         String device, Machine machine, String kit, Instant created) {
    private static final String USED = "(used)";

    public BackendRun {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(availability, "availability");
        details = List.copyOf(details);
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(created, "created");
    }

    /** A run of the backend discovery reported as {@code status}, made now on this machine by this kit. */
    public static BackendRun of(BackendStatus status, Instant created) {
        return new BackendRun(status.id(), status.description(), status.reason(), status.details(),
                device(status.details()), Machine.local(), KitVersion.get(), created);
    }

    /** A run of a backend id that discovery did not find, made now on this machine by this kit. */
    public static BackendRun notFound(String backend, Instant created) {
        return new BackendRun(backend, "", "no provider has this id", List.of(), "", Machine.local(), KitVersion.get(),
                created);
    }

    /** A run of a backend nothing is known about but its id. */
    public static BackendRun unknown(String backend, Machine machine, String kit, Instant created) {
        return new BackendRun(backend, "", "", List.of(), "", machine, kit, created);
    }

    /** The same run under another column id (a merge that holds one backend from several machines). */
    public BackendRun withBackend(String id) {
        return new BackendRun(id, description, availability, details, device, machine, kit, created);
    }

    /** What a column header shows under the backend id: the machine, and the device when there is one. */
    public String label() {
        String m = machine.label();
        return device.isEmpty() ? m : m + "; device " + device;
    }

    /**
     * The details line the backend marked {@code (used)}, without the mark and a leading {@code device }
     * (tornadovm lists {@code device 0:0  OPENCL  NVIDIA …  (used)}), or empty.
     */
    static String device(List<String> details) {
        for (String line : details) {
            int at = line.indexOf(USED);
            if (at >= 0) {
                String d = (line.substring(0, at) + line.substring(at + USED.length())).trim();
                return d.startsWith("device ") ? d.substring("device ".length()).trim() : d;
            }
        }
        return "";
    }
}
