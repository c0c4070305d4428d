package uk.ac.manchester.tornado.api.runtime;

import uk.ac.manchester.tornado.api.TornadoRuntime;

/**
 * Declaration of TornadoVM's {@code TornadoRuntimeProvider} (tornado-api 5.2.0-jdk25). Compile time only —
 * it throws, and unlike the real class it has no static initialiser (the real one starts the runtime).
 * See backend-tornadovm/README.md.
 */
public class TornadoRuntimeProvider {

    public static TornadoRuntime getTornadoRuntime() {
        throw new UnsupportedOperationException("compile-time declaration: run under TornadoVM");
    }
}
