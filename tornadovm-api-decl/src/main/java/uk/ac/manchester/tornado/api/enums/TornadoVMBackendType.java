package uk.ac.manchester.tornado.api.enums;

/** Declaration of TornadoVM's {@code TornadoVMBackendType} (tornado-api 5.2.0-jdk25). */
public enum TornadoVMBackendType {
    OPENCL, METAL, PTX, CUDA, SPIRV, JAVA, VIRTUAL
}
