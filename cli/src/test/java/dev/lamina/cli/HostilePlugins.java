package dev.lamina.cli;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.concurrent.CountDownLatch;

/**
 * Backend providers that misbehave as a downloaded --plugin jar might; only registered in the jar
 * {@link HostilePluginTest} writes. Each ranks above every real backend, so automatic selection meets it first.
 */
final class HostilePlugins {
    private HostilePlugins() {
    }

    /** Its static initialiser throws: the class can never be used. */
    public static final class BrokenInit extends Base {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("cannot find libvendor.so");
            }
        }

        public BrokenInit() {
            super("broken-init");
        }
    }

    /** Says its id is null. */
    public static final class NullId extends Base {
        public NullId() {
            super(null);
        }
    }

    /** Its probe never returns (a driver that hangs). */
    public static final class HangingProbe extends Base {
        static final CountDownLatch NEVER = new CountDownLatch(1);

        public HangingProbe() {
            super("hanging");
        }

        @Override
        public Availability probe() {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Availability.available("too late");
        }
    }

    abstract static class Base implements BackendProvider {
        private final String id;

        Base(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int priority() {
            return 1000;
        }

        @Override
        public Availability probe() {
            return Availability.available("hostile");
        }

        @Override
        public Backend create() {
            throw new UnsupportedOperationException("never chosen");
        }
    }
}
