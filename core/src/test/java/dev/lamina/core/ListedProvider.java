package dev.lamina.core;

/** Registered through META-INF/services in the test resources. */
public class ListedProvider extends FakeProvider {
    public ListedProvider() {
        super("listed", 1, dev.lamina.spi.Availability.available("ok"), java.util.Set.of(dev.lamina.api.ReLU.class));
    }
}
