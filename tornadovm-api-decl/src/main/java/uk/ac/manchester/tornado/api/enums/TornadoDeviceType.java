package uk.ac.manchester.tornado.api.enums;

/** Declaration of TornadoVM's {@code TornadoDeviceType} (tornado-api 5.2.0-jdk25). */
public enum TornadoDeviceType {
    UNKNOWN, DEFAULT, CPU, GPU, FPGA, ACCELERATOR, CUSTOM, ALL
}
