package dev.lamina.cli;

import com.google.inject.Inject;
import dev.lamina.core.BackendRegistry;

import java.nio.file.Path;
import java.util.List;

/**
 * The backends one {@code lamina} invocation uses: those of the injected registry, or, once {@code --plugin}
 * jars are named, a registry that also sees them (discovered once per invocation).
 */
final class Backends {
    private final BackendRegistry classPath;
    private BackendRegistry withPlugins;
    private List<Path> plugins = List.of();

    @Inject
    Backends(BackendRegistry classPath) {
        this.classPath = classPath;
    }

    /** The registry for these {@code --plugin} paths (none: the class path's). */
    synchronized BackendRegistry registry(List<Path> pluginPaths) {
        if (pluginPaths.isEmpty()) {
            return classPath;
        }
        if (withPlugins == null || !plugins.equals(pluginPaths)) {
            withPlugins = BackendRegistry.discover(Plugins.loader(pluginPaths));
            plugins = List.copyOf(pluginPaths);
        }
        return withPlugins;
    }
}
