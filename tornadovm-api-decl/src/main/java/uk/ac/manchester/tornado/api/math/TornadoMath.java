package uk.ac.manchester.tornado.api.math;

/**
 * Declaration of TornadoVM's {@code TornadoMath} (tornado-api 5.2.0-jdk25): the float functions
 * backend-tornadovm's kernels use. Works on the plain JVM (computed in double, rounded to float, as the real
 * class does there); on a device TornadoVM replaces each call with the device's float built-in.
 */
public final class TornadoMath {

    private TornadoMath() {
    }

    public static float exp(float value) {
        return (float) Math.exp(value);
    }

    public static float tanh(float value) {
        return (float) Math.tanh(value);
    }
}
