package uk.ac.manchester.tornado.api.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declaration of TornadoVM's {@code @Parallel} (tornado-api 5.2.0-jdk25): marks a loop's induction variable
 * as a parallel dimension. Same name, retention and targets as the real one, so javac writes the same
 * type annotation into the class file, where TornadoVM reads it.
 */
@Target({ElementType.LOCAL_VARIABLE, ElementType.TYPE, ElementType.TYPE_USE, ElementType.TYPE_PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Parallel {
}
