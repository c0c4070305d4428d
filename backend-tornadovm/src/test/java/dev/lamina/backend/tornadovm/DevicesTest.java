package dev.lamina.backend.tornadovm;

import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the device: the one named, else the first GPU, else the first device. */
class DevicesTest {
    private static Devices.Device device(int backend, int index, TornadoDeviceType type) {
        return new Devices.Device(backend, index, "OpenCL", "dev" + backend + index, type, 1L << 30, null);
    }

    private final Devices.Device cpu = device(0, 0, TornadoDeviceType.CPU);
    private final Devices.Device gpu = device(0, 1, TornadoDeviceType.GPU);
    private final Devices.Device gpu2 = device(1, 0, TornadoDeviceType.GPU);

    @Test
    void theFirstGpuElseTheFirstDevice() {
        assertEquals(gpu, Devices.choose(List.of(cpu, gpu, gpu2), null));
        assertEquals(gpu, Devices.choose(List.of(cpu, gpu, gpu2), " "));
        assertEquals(cpu, Devices.choose(List.of(cpu), null));
    }

    @Test
    void theNamedDevice() {
        assertEquals(cpu, Devices.choose(List.of(cpu, gpu, gpu2), "0:0"));
        assertEquals(gpu2, Devices.choose(List.of(cpu, gpu, gpu2), " 1:0 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Devices.choose(List.of(cpu, gpu), "2:0"));
        assertEquals("-Dlamina.tornadovm.device=2:0 names no device; found: 0:0 dev00, 0:1 dev01", e.getMessage());
    }

    @Test
    void aDeviceLineForLaminaBackends() {
        String line = cpu.line();
        assertEquals("device 0:0  OpenCL  dev00  CPU, 1.0 GiB", line);
        assertTrue(gpu.label().startsWith("0:1 "));
    }

    @Test
    void aGpuKeepsTheDeclaredPriorityACpuDeviceRanksBelowCpu() {
        dev.lamina.spi.Availability onGpu = Devices.availability(gpu);
        assertTrue(onGpu.available());
        assertTrue(onGpu.priority().isEmpty(), onGpu.toString());
        assertEquals("TornadoVM on 0:1 dev01", onGpu.reason());
        dev.lamina.spi.Availability onCpu = Devices.availability(cpu);
        assertTrue(onCpu.available());
        assertEquals(5, onCpu.priority().getAsInt());
        assertEquals("TornadoVM on 0:0 dev00 (a CPU device: ranked below blas and cpu, which run faster there)",
                onCpu.reason());
    }
}
