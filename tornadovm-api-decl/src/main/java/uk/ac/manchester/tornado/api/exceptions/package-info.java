/** Compile-time declarations of TornadoVM's {@code uk.ac.manchester.tornado.api.exceptions} (tornado-api 5.2.0-jdk25) for backend-tornadovm; never packaged. */
package uk.ac.manchester.tornado.api.exceptions;
