package uk.ac.manchester.tornado.api;

/**
 * Declaration of TornadoVM's {@code KernelContext} (tornado-api 5.2.0-jdk25): the OpenCL-style thread
 * indices and the local-memory and barrier operations of a kernel.
 *
 * <p>Unlike the rest of these declarations this class works on the plain JVM, with the same behaviour as
 * the real class there: indices are 0, barriers do nothing, local arrays are fresh heap arrays. On a device
 * TornadoVM replaces all of it with the device's built-ins.
 *
 * <p>The one deliberate difference: the index fields have the real type, {@code java.lang.Integer} (so a
 * kernel's {@code getfield} links against the real class), but are not {@code final}, so that a test
 * emulator (a subclass) can set them for each simulated thread. Kernel code only ever reads them.
 * See backend-tornadovm/README.md.
 */
public class KernelContext {

    public Integer globalIdx = 0;
    public Integer globalIdy = 0;
    public Integer globalIdz = 0;

    public Integer groupIdx = 0;
    public Integer groupIdy = 0;
    public Integer groupIdz = 0;

    public Integer localIdx = 0;
    public Integer localIdy = 0;
    public Integer localIdz = 0;

    public Integer globalGroupSizeX = 0;
    public Integer globalGroupSizeY = 0;
    public Integer globalGroupSizeZ = 0;

    public Integer localGroupSizeX = 0;
    public Integer localGroupSizeY = 0;
    public Integer localGroupSizeZ = 0;

    public KernelContext() {
    }

    /** Waits for every thread of the work-group; local memory written before it is visible after it. */
    public void localBarrier() {
    }

    public void globalBarrier() {
    }

    /** Work-group-local memory; on a device {@code size} must be a compile-time constant. */
    public float[] allocateFloatLocalArray(int size) {
        return new float[size];
    }

    public int[] allocateIntLocalArray(int size) {
        return new int[size];
    }
}
