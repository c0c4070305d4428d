package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;

import java.util.List;

/**
 * What the Java 17 provider asks of the Java 25 side. The provider loads the implementation by name, and
 * only after it has checked that the JVM can load it and that TornadoVM's runtime is there.
 */
interface RuntimeBridge {

    /** Starts TornadoVM (once per JVM), picks the device and checks that it runs a kernel. */
    Availability probe();

    /** One line per device, the chosen one marked. */
    List<String> details();

    Backend create();
}
