package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Availability;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The devices TornadoVM sees, the choice among them, and the check that the chosen one runs kernels. */
final class Devices {
    static final String PROPERTY = "lamina.tornadovm.device";

    private Devices() {
    }

    /** A device, {@code backend:index} as TornadoVM numbers them ({@code tornado --devices}). */
    record Device(int backend, int index, String backendName, String description, TornadoDeviceType type,
                  long memory, TornadoDevice device) {
        String id() {
            return backend + ":" + index;
        }

        String label() {
            return id() + " " + description;
        }

        String line() {
            return String.format(Locale.ROOT, "device %s  %s  %s  %s, %.1f GiB", id(), backendName, description,
                    type, memory / (1024.0 * 1024 * 1024));
        }
    }

    /** Every device of every TornadoVM backend. Starts TornadoVM's runtime. */
    static List<Device> list() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        List<Device> all = new ArrayList<>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            TornadoBackend backend = runtime.getBackend(b);
            for (int d = 0; d < backend.getNumDevices(); d++) {
                TornadoDevice dev = backend.getDevice(d);
                all.add(new Device(b, d, backend.getName(), dev.getDescription(), dev.getDeviceType(),
                        dev.getMaxGlobalMemory(), dev));
            }
        }
        return all;
    }

    /**
     * The device {@code requested} names ({@code backend:index}), or without a request the first GPU, or
     * else the first device.
     *
     * @throws IllegalArgumentException when {@code requested} names no device, listing those there are
     */
    static Device choose(List<Device> all, String requested) {
        if (requested != null && !requested.isBlank()) {
            for (Device d : all) {
                if (d.id().equals(requested.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested + " names no device; found: "
                    + String.join(", ", all.stream().map(Device::label).toList()));
        }
        for (Device d : all) {
            if (d.type() == TornadoDeviceType.GPU) {
                return d;
            }
        }
        return all.get(0);
    }

    /**
     * The priority for automatic selection when running on {@code d}: a GPU, FPGA or other accelerator keeps
     * the declared {@value TornadoVmBackendProvider#PRIORITY} (above blas); any other device, typically a CPU
     * OpenCL driver such as PoCL, ranks {@value #CPU_DEVICE_PRIORITY}, below cpu, since there the whole net
     * as OpenCL kernels runs several times slower than blas or plain Java (LeNet: 8–14× slower than blas).
     * It can still be chosen with {@code -Dlamina.backend=tornadovm}.
     */
    static Availability availability(Device d) {
        String on = "TornadoVM on " + d.label();
        return switch (d.type()) {
            case GPU, FPGA, ACCELERATOR -> Availability.available(on);
            default -> Availability.available(on + " (a " + d.type() + " device: ranked below blas"
                    + " and cpu, which run faster there)", CPU_DEVICE_PRIORITY);
        };
    }

    static final int CPU_DEVICE_PRIORITY = 5;

    /**
     * Runs a tiny {@link KernelContext} kernel on the device and checks every thread wrote its own index.
     *
     * @return null when it did, else what went wrong
     */
    static String canary(TornadoDevice device) {
        int n = 64;
        IntArray out = new IntArray(n);
        TaskGraph graph = new TaskGraph("laminaProbe")
                .task("canary", Kernels::canary, new KernelContext(), out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        WorkerGrid1D grid = new WorkerGrid1D(n);
        grid.setLocalWork(16, 1, 1);
        GridScheduler grids = new GridScheduler();
        grids.addWorkerGrid("laminaProbe.canary", grid);
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).withGridScheduler(grids)
                    .withCompilerFlags(TornadoVMBackendType.OPENCL, DevicePlan.OPENCL_FLAGS).execute();
        } catch (Exception e) {
            return "a test kernel failed: " + e;
        }
        for (int i = 0; i < n; i++) {
            if (out.get(i) != 3 * i + 1) {
                return "a test kernel computed wrong values (thread " + i + " wrote " + out.get(i) + ", expected "
                        + (3 * i + 1) + "): kernels are not running on the device";
            }
        }
        return null;
    }
}
