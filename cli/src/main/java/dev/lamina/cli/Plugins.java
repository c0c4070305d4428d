package dev.lamina.cli;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A class loader over backend jars given with --plugin, so ServiceLoader finds their providers too. */
final class Plugins {
    private Plugins() {
    }

    static ClassLoader loader(List<Path> paths) {
        List<URL> urls = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UsageException("--plugin " + p + ": no such file or directory");
            }
            if (Files.isRegularFile(p) && !p.toString().endsWith(".jar")) {
                throw new UsageException("--plugin " + p + ": expected a .jar file or a classes directory");
            }
            try {
                urls.add(p.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UsageException("--plugin " + p + ": " + e.getMessage());
            }
        }
        // Never closed: the backends it loads live as long as the command.
        return new URLClassLoader(urls.toArray(URL[]::new), Plugins.class.getClassLoader());
    }
}
