package uk.ac.manchester.tornado.api;

import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;

/**
 * Declaration of TornadoVM's {@code TornadoBackend} (tornado-api 5.2.0-jdk25): one driver (OpenCL, PTX,
 * SPIR-V, …) and its devices. Compile time only; see backend-tornadovm/README.md.
 */
public interface TornadoBackend {

    int getNumDevices();

    TornadoDevice getDevice(int index);

    String getName();

    TornadoVMBackendType getBackendType();
}
