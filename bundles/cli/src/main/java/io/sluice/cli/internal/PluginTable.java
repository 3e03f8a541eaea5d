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
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }
}
