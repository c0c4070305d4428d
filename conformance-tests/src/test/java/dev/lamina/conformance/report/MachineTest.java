package dev.lamina.conformance.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineTest {
    @Test
    void readsTheCpuModelOfX86AndArm() {
        assertEquals("Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz", Machine.cpuModel(List.of(
                "processor\t: 0", "vendor_id\t: GenuineIntel", "cpu family\t: 6", "model\t\t: 106",
                "model name\t: Intel(R) Xeon(R)  Platinum 8370C CPU @ 2.80GHz", "cpu MHz\t\t: 2793.436")));
        // an ARM board: no model name, a numeric "CPU part", the board under Model
        assertEquals("Raspberry Pi 4 Model B Rev 1.4", Machine.cpuModel(List.of("processor\t: 0", "BogoMIPS\t: 108.00",
                "CPU part\t: 0xd08", "Hardware\t: BCM2835", "Model\t\t: Raspberry Pi 4 Model B Rev 1.4")));
        // POWER: the model under "cpu"
        assertEquals("POWER9 (raw), altivec supported", Machine.cpuModel(List.of("processor\t: 0",
                "cpu\t\t: POWER9 (raw), altivec supported", "clock\t\t: 2300.000000MHz")));
        assertEquals("", Machine.cpuModel(List.of("processor\t: 0", "model\t\t: 106")));
    }

    @Test
    void theLocalMachineHasItsFacts() {
        Machine m = Machine.local();
        assertEquals(System.getProperty("os.arch"), m.arch());
        assertEquals(Runtime.getRuntime().availableProcessors(), m.cores());
        assertTrue(m.jvm().startsWith("Java " + System.getProperty("java.runtime.version")), m.jvm());
        assertTrue(m.os().startsWith(System.getProperty("os.name")), m.os());
        assertTrue(m.describe().contains(m.cores() + " cores"), m.describe());
    }

    @Test
    void describeLeavesOutWhatIsUnknown() {
        assertEquals("runner-a: AMD EPYC 7763, Linux 6.1 amd64, 4 cores, Java 17",
                new Machine("runner-a", "Linux 6.1", "amd64", "AMD EPYC 7763", 4, "Java 17").describe());
        assertEquals("Java 17.0.15, Linux amd64, 2 cores",
                Machine.fromEnvironmentLine("Java 17.0.15, Linux amd64, 2 cores").describe());
        assertEquals("runner-a (AMD EPYC 7763, amd64)",
                new Machine("runner-a", "Linux 6.1", "amd64", "AMD EPYC 7763", 4, "Java 17").label());
        assertEquals("Java 17.0.15, Linux amd64, 2 cores",
                Machine.fromEnvironmentLine("Java 17.0.15, Linux amd64, 2 cores").label());
    }

    @Test
    void theDeviceIsTheDetailsLineMarkedUsed() {
        // as backend-tornadovm lists its devices
        assertEquals("1:0  OPENCL  NVIDIA H100  GPU, 79.1 GiB", BackendRun.device(List.of(
                "device 0:0  OPENCL  pthread-cpu  CPU, 15.5 GiB", "device 1:0  OPENCL  NVIDIA H100  GPU, 79.1 GiB  (used)",
                "choose with -Dlamina.tornadovm.device=BACKEND:DEVICE (default: the first GPU, else the first device)")));
        assertEquals("", BackendRun.device(List.of("platform linux-x86_64", "1 thread(s) per inference")));
        assertFalse(BackendRun.device(List.of("a (used)")).contains("used"));
    }
}
