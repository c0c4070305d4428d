package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Availability;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Under TornadoVM: available, the devices listed for {@code lamina backends}, bailout switched off. */
@Tag("tornadovm")
class DeviceProviderTest {

    @Test
    void availableWithItsDevicesAndBailoutOff() {
        assumeTrue(ModuleLayer.boot().findModule("tornado.runtime").isPresent(), "not running under TornadoVM");
        TornadoVmBackendProvider p = new TornadoVmBackendProvider();
        Availability a = p.probe();
        assertTrue(a.available(), a.reason());
        assertTrue(a.reason().startsWith("TornadoVM on "), a.reason());
        List<String> details = p.details();
        assertTrue(details.stream().anyMatch(l -> l.startsWith("device 0:0 ") && l.endsWith("(used)")), details.toString());
        assertTrue(details.get(details.size() - 1).contains("-Dlamina.tornadovm.device="), details.toString());
        assertEquals("false", System.getProperty(TornadoVmRuntime.BAILOUT).toLowerCase());
        assertEquals(TornadoVmRuntime.DEFAULT_BYTECODE_SIZE, System.getProperty(TornadoVmRuntime.BYTECODE_SIZE),
                "room for the bytecode of large graphs");
        assertSame(a.reason(), new TornadoVmBackendProvider().probe().reason(), "one probe per JVM");
        try (var backend = p.create()) {
            assertEquals("tornadovm", backend.id());
        }
    }
}
