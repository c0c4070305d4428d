package uk.ac.manchester.tornado.api;

import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * Declaration of TornadoVM's {@code TornadoRuntime} (tornado-api 5.2.0-jdk25): the backends (drivers)
 * and their devices. Compile time only; see backend-tornadovm/README.md.
 */
public interface TornadoRuntime {

    TornadoBackend getBackend(int index);

    int getNumBackends();

    TornadoDevice getDefaultDevice();
}
