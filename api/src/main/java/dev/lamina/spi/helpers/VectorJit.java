package dev.lamina.spi.helpers;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * The JVM option that Vector API kernels need besides {@code --add-modules jdk.incubator.vector}, and a check
 * for it.
 *
 * <p>Why: when C2 compiles a method it adds up the traps recorded in the profile of every method it inlines,
 * once per inlined copy, and stops speculating on types once a kind of trap reaches {@code PerMethodTrapLimit}
 * (HotSpot's default: 100). The Vector API's shared methods ({@code VectorOperators.opKind},
 * {@code VectorSupport.binaryOp} …) collect class-check traps as soon as operators of new kinds reach their
 * stand-alone compiled copies (warm-up, another model, another library's vector code), and a kernel inlines
 * them dozens of times: a kernel compiled after that passes the limit, is compiled without type speculation,
 * and boxes every vector it makes — measured on blas, ResNet-18 and MobileNetV2 at 1 to 7 MB allocated per
 * inference in 2 of 8 fresh JVMs of an A/B series (6 of 10 in earlier runs), which of its kernels depending
 * on when each was compiled. With the limit raised it did not happen in any run (0 of 16). Nothing in the Java code can turn this off: the option
 * goes on the {@code java} command line ({@code ./lamina}, {@code lamina bench}'s JVMs and the test JVMs
 * set it).
 */
public final class VectorJit {
    /** The option: C2's per-compilation trap budget, raised so that the Vector API's shared traps fit. */
    public static final String TRAP_LIMIT_OPTION = "-XX:PerMethodTrapLimit=100000";
    /** The HotSpot flag the option sets. */
    static final String FLAG = "PerMethodTrapLimit";
    /** HotSpot's default {@code PerMethodTrapLimit}. */
    static final long DEFAULT = 100;
    /** A limit at least this high is taken as raised (the worst compile measured summed ~200 traps). */
    static final long ENOUGH = 10_000;

    private VectorJit() {
    }

    /**
     * Empty when this JVM's trap limit is raised; else one clause of advice for a status line or a log message,
     * naming the option. Read from the JVM's input arguments ({@code JAVA_TOOL_OPTIONS} and
     * {@code JDK_JAVA_OPTIONS} included), the last {@code -XX:PerMethodTrapLimit} winning.
     */
    public static Optional<String> advice() {
        List<String> args;
        try {
            args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // no management support: nothing to go on, nothing to advise
        }
        return advice(limit(args));
    }

    /** The trap limit these JVM arguments set: HotSpot's default of 100 when none does (or one is malformed). */
    static long limit(List<String> jvmArgs) {
        String prefix = "-XX:" + FLAG + "=";
        long limit = DEFAULT;
        for (String a : jvmArgs) {
            if (a.startsWith(prefix)) {
                try {
                    limit = Long.parseLong(a.substring(prefix.length()).trim());
                } catch (NumberFormatException e) {
                    limit = DEFAULT; // the JVM would not have started; treat as unset
                }
            }
        }
        return limit;
    }

    static Optional<String> advice(long limit) {
        if (limit >= ENOUGH) {
            return Optional.empty();
        }
        return Optional.of("this JVM has " + FLAG + "=" + limit + "; start Java with " + TRAP_LIMIT_OPTION
                + " too, or C2 may compile the Vector API kernels with every vector boxed once other vector code has"
                + " run");
    }
}
