package dev.lamina.core.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test resources as paths (they are plain files under target/test-classes). */
final class Resources {
    private Resources() {
    }

    static Path path(String name) {
        URL url = Resources.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
