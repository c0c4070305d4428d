package uk.ac.manchester.tornado.api.common;

import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

/**
 * Declaration of TornadoVM's {@code TornadoDevice} (tornado-api 5.2.0-jdk25): the members
 * backend-tornadovm uses. Compile time only; see backend-tornadovm/README.md.
 */
public interface TornadoDevice {

    String getDeviceName();

    String getDescription();

    String getPlatformName();

    TornadoDeviceType getDeviceType();

    long getMaxGlobalMemory();
}
