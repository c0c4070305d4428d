package dev.lamina.core;

import dev.lamina.spi.BackendProvider;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one place that uses {@link ServiceLoader}. A provider that cannot be instantiated (a broken service
 * file, a constructor or static initialiser that throws — an exception or an error such as an
 * {@code AssertionError} — a missing class) is kept as a failure with its reason, so one broken jar on the
 * class path never hides the others. Only the JVM's own failures ({@link #fatal}) go through.
 */
final class BackendDiscovery {
    private BackendDiscovery() {
    }

    /** A provider that could not even be constructed, with why. */
    record Broken(String source, String reason) {
    }

    record Found(List<BackendProvider> providers, List<Broken> broken) {
    }

    static Found load(ClassLoader loader) {
        List<BackendProvider> providers = new ArrayList<>();
        List<Broken> broken = new ArrayList<>();
        Iterator<ServiceLoader.Provider<BackendProvider>> it =
                ServiceLoader.load(BackendProvider.class, loader).stream().iterator();
        // Bound the loop: a service file that keeps failing must not spin forever.
        for (int guard = 0; guard < 1000; guard++) {
            ServiceLoader.Provider<BackendProvider> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                broken.add(new Broken("service configuration", reason(e)));
                continue;
            }
            try {
                providers.add(p.get());
            } catch (Throwable e) {
                if (fatal(e)) {
                    throw e;
                }
                broken.add(new Broken(p.type().getName(), reason(e)));
            }
        }
        return new Found(providers, broken);
    }

    /** The JVM is out of memory or broken: nothing a provider did, and nothing to list it under. */
    static boolean fatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage();
        if (root != e) {
            msg = (msg == null ? "" : msg + ": ") + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : " " + root.getMessage());
        }
        return msg == null ? e.getClass().getSimpleName() : msg;
    }
}
