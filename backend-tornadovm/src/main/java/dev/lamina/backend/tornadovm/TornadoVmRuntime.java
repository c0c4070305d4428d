package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Java 25 side of the provider, loaded by name once the provider has checked Java and the runtime
 * module. TornadoVM's runtime is one per JVM and starts once — a failed start cannot be retried, later
 * uses fail with "Could not initialize class" — so the outcome of the first probe is kept for the JVM.
 */
final class TornadoVmRuntime implements RuntimeBridge {
    static final String BAILOUT = "tornado.recover.bailout";
    /**
     * The size of the buffer TornadoVM writes a task graph's bytecode into, 4096 bytes unless set: a
     * ShuffleNetV2 unit (29 tasks, some 70 buffers) already overflows that (TornadoVM then bails out), a
     * ResNet needs several times more. 1 MiB, allocated once per compiled graph, holds thousands of tasks.
     */
    static final String BYTECODE_SIZE = "tornado.tvm.maxbytecodesize";
    static final String DEFAULT_BYTECODE_SIZE = Integer.toString(1 << 20);
    /** TornadoVM's plans are not thread-safe: every device call of this JVM holds this lock. */
    private static final Lock DEVICE_LOCK = new ReentrantLock();
    private static State state;

    private record State(Availability availability, List<String> details, Devices.Device device) {
    }

    public TornadoVmRuntime() {
    }

    private static synchronized State state() {
        if (state == null) {
            state = start();
        }
        return state;
    }

    private static State start() {
        String kernels = Kernels.class.getName().replace('.', '/') + ".class";
        if (ClassLoader.getSystemClassLoader().getResource(kernels) == null) {
            return unavailable("TornadoVM reads kernels' class files through the system class loader, which does"
                    + " not see lamina-backend-tornadovm: put its jar on the class path (-cp), not in a plugin class"
                    + " loader");
        }
        String bailout = System.getProperty(BAILOUT);
        if (bailout == null) {
            // Read once, when TornadoVM's options class initialises: this must come before anything starts
            // the runtime. Off, a kernel that does not compile is an error instead of silently running as
            // sequential Java (where KernelContext kernels compute wrong results).
            System.setProperty(BAILOUT, "False");
        } else if (Boolean.parseBoolean(bailout.trim())) {
            return unavailable("-D" + BAILOUT + "=" + bailout + " would run a kernel that does not compile as"
                    + " sequential Java, silently, and wrongly for KernelContext kernels; leave it unset or set it to"
                    + " False");
        }
        if (System.getProperty(BYTECODE_SIZE) == null) {
            // also read once, when TornadoVM's bytecode builder class initialises (an explicit value is kept)
            System.setProperty(BYTECODE_SIZE, DEFAULT_BYTECODE_SIZE);
        }
        List<Devices.Device> devices;
        try {
            devices = Devices.list();
        } catch (Throwable e) {
            return unavailable("no device: TornadoVM's runtime did not start: " + e);
        }
        if (devices.isEmpty()) {
            return unavailable("no device: TornadoVM found none (see tornado --devices)");
        }
        Devices.Device chosen;
        try {
            chosen = Devices.choose(devices, System.getProperty(Devices.PROPERTY));
        } catch (IllegalArgumentException e) {
            return unavailable(e.getMessage());
        }
        String failure;
        try {
            failure = Devices.canary(chosen.device());
        } catch (Throwable e) {
            failure = "a test kernel failed: " + e;
        }
        if (failure != null) {
            return unavailable("no device: " + chosen.label() + " cannot run kernels: " + failure);
        }
        List<String> details = new ArrayList<>();
        for (Devices.Device d : devices) {
            details.add(d.line() + (d == chosen ? "  (used)" : ""));
        }
        details.add("choose with -D" + Devices.PROPERTY + "=BACKEND:DEVICE (default: the first GPU, else the first"
                + " device)");
        return new State(Devices.availability(chosen), List.copyOf(details), chosen);
    }

    private static State unavailable(String reason) {
        return new State(Availability.unavailable(reason), List.of(), null);
    }

    @Override
    public Availability probe() {
        return state().availability();
    }

    @Override
    public List<String> details() {
        return state().details();
    }

    @Override
    public Backend create() {
        State s = state();
        if (!s.availability().available()) {
            throw new IllegalStateException("tornadovm is unavailable: " + s.availability().reason());
        }
        return new TornadoVmBackend(s.device(), DEVICE_LOCK);
    }

    /** The backend with task graphs within {@code graphBudget} (for the device tests). */
    static Backend create(GraphPartition.Budget graphBudget) {
        State s = state();
        if (!s.availability().available()) {
            throw new IllegalStateException("tornadovm is unavailable: " + s.availability().reason());
        }
        return new TornadoVmBackend(s.device(), DEVICE_LOCK, graphBudget);
    }
}
