package dev.lamina.core;

/** A provider whose constructor fails, as a broken third-party jar might. */
public class ThrowingProvider extends FakeProvider {
    public ThrowingProvider() {
        super("throwing", 1, dev.lamina.spi.Availability.available("ok"), java.util.Set.of());
        throw new IllegalStateException("cannot start: license file missing");
    }
}
