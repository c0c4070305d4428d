package dev.lamina.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asking for {@code cpu} must not probe, nor even class-load, another backend: a machine where OpenBLAS's
 * natives crash still runs cpu. Each case is a child JVM with {@code -verbose:class}, on this module's test
 * class path (cpu and blas both on it).
 */
class ProbeOnlyWhatIsAskedTest {
    private record Run(int exit, String output, List<String> loaded) {
        long count(String prefix) {
            return loaded.stream().filter(c -> c.startsWith(prefix)).count();
        }
    }

    private static Run lamina(String... args) throws IOException, InterruptedException {
        ChildJvm.Result r = ChildJvm.lamina("-verbose:class", args);
        String out = r.output();
        List<String> loaded = new ArrayList<>();
        for (String line : out.split("\n")) {
            // [0.012s][info][class,load] org.bytedeco.javacpp.Loader source: ...
            int at = line.indexOf("[class,load] ");
            if (at >= 0) {
                String rest = line.substring(at + "[class,load] ".length());
                loaded.add(rest.split(" ", 2)[0]);
            }
        }
        return new Run(r.exit(), out, loaded);
    }

    @Test
    void runningOnCpuLoadsNothingOfBlas() throws Exception {
        Run r = lamina("run", "notebook", "--backend", "cpu");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("output sigmoid2 [1, 1]: [[1.]]"), "the run itself worked");
        assertTrue(r.count("dev.lamina.backend.cpu.") > 5, "cpu's kernels were loaded");
        assertEquals(0, r.count("org.bytedeco."), "no JavaCPP / OpenBLAS class");
        assertEquals(List.of("dev.lamina.backend.blas.BlasBackendProvider"),
                r.loaded().stream().filter(c -> c.startsWith("dev.lamina.backend.blas.")).toList(),
                "blas: only its provider, constructed by the ServiceLoader and never probed");
    }

    @Test
    void listingTheBackendsProbesThemAll() throws Exception {
        // The counter-check: the same observation does see blas when it is probed.
        Run r = lamina("backends");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.count("org.bytedeco.") > 0, r.output());
        assertTrue(r.loaded().contains("dev.lamina.backend.blas.BlasNative"), r.output());
    }
}
