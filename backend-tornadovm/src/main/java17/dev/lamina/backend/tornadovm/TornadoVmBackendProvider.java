package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.List;

/**
 * Registers the TornadoVM backend. Compiled for Java 17 so that it loads on every JVM Lamina runs on and
 * says why TornadoVM cannot run there, in this order, without touching anything that would start
 * TornadoVM's runtime before it can succeed:
 * <ol>
 *   <li>Java older than 25: TornadoVM 5.2.0-jdk25 needs Java 25;</li>
 *   <li>no module {@value #RUNTIME_MODULE} in the boot layer: the JVM was not started with TornadoVM's
 *       argfile (TornadoVM's classes initialise its runtime in static initialisers, and a failed start
 *       cannot be retried in the same JVM, so nothing of TornadoVM is loaded before this check);</li>
 *   <li>no usable device: reported by the Java 25 side, which starts the runtime, lists the devices and runs
 *       a tiny kernel on the chosen one.</li>
 * </ol>
 */
public final class TornadoVmBackendProvider implements BackendProvider {
    static final String ID = "tornadovm";
    /** On a GPU; on a CPU OpenCL device the probe lowers it below cpu's (see {@code Devices.availability}). */
    static final int PRIORITY = 30;
    static final int REQUIRED_JAVA = 25;
    static final String RUNTIME_MODULE = "tornado.runtime";
    /** The Java 25 implementation of {@link RuntimeBridge}, loaded by name. */
    private static final String BRIDGE = "dev.lamina.backend.tornadovm.TornadoVmRuntime";

    private volatile RuntimeBridge bridge;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String description() {
        return "TornadoVM: the whole network as one task graph on an OpenCL, PTX or SPIR-V device (Java "
                + REQUIRED_JAVA + ")";
    }

    @Override
    public Availability probe() {
        String missing = missingPrerequisite(Runtime.version().feature(),
                ModuleLayer.boot().findModule(RUNTIME_MODULE).isPresent());
        if (missing != null) {
            return Availability.unavailable(missing);
        }
        return bridge().probe();
    }

    /** Why this JVM cannot run TornadoVM before anything of it is touched, or null when it may. */
    static String missingPrerequisite(int javaFeature, boolean runtimeModule) {
        if (javaFeature < REQUIRED_JAVA) {
            return "needs Java \u2265 " + REQUIRED_JAVA + " (TornadoVM 5.2.0-jdk25), this is Java " + javaFeature;
        }
        if (!runtimeModule) {
            return "no TornadoVM runtime on this JVM (module " + RUNTIME_MODULE + " is not in the boot layer;"
                    + " run with java @$TORNADOVM_HOME/tornado-argfile, TornadoVM installed per its documentation)";
        }
        return null;
    }

    @Override
    public List<String> details() {
        RuntimeBridge b = bridge;
        return b == null ? List.of() : b.details();
    }

    @Override
    public Backend create() {
        Availability a = probe();
        if (!a.available()) {
            throw new IllegalStateException("tornadovm is unavailable: " + a.reason());
        }
        return bridge().create();
    }

    private RuntimeBridge bridge() {
        RuntimeBridge b = bridge;
        if (b == null) {
            try {
                b = (RuntimeBridge) Class.forName(BRIDGE, true, TornadoVmBackendProvider.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("tornadovm: cannot load " + BRIDGE + ": " + e, e);
            }
            bridge = b;
        }
        return b;
    }
}
