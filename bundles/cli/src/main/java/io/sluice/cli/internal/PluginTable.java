package io.sluice.cli.internal;

import io.sluice.registry.PluginInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the registered plugins as an aligned text table, one row per strategy service. */
final class PluginTable {
    private static final String[] HEADER = {"KIND", "NAME", "VERSION", "BUNDLE", "STATE"};

    private PluginTable() {
    }

    static String render(List<PluginInfo> plugins) {
        if (plugins.isEmpty()) {
            return "no strategy plugins are registered" + System.lineSeparator();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PluginInfo plugin : plugins) {
            String state = plugin.state().name().toLowerCase(Locale.ROOT) + (plugin.isDefault() ? " (default)" : "");
            rows.add(new String[] {plugin.kind().id(), plugin.name(), plugin.bundleVersion(),
                    plugin.bundleSymbolicName() + " [" + plugin.bundleId() + "]", state});
        }
        return Tables.render(rows);
    }
}
