package io.sluice.registry;

import java.util.Objects;

/**
 * The outcome of a lookup: the service to use and the plugin that provides it. {@link #fallback()} tells
 * that the requested name was missing and the cluster default was used instead.
 */
public record ResolvedStrategy<S>(S service, PluginInfo plugin, boolean fallback) {
    public ResolvedStrategy {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(plugin, "plugin");
    }

    public String name() {
        return plugin.name();
    }
}
