package io.sluice.api.plugin;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a component configuration came from, for the messages that reject it: the {@code conf/*.cfg} file
 * FileInstall read it from, else its PID. Next to {@link StrategyOptions#ofConfiguration}, which reads the
 * same properties.
 */
public final class ConfigurationSource {
    /** The property in which FileInstall puts the URL of the file a configuration was read from. */
    public static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private ConfigurationSource() {
    }

    /**
     * The file as a path, e.g. {@code /opt/sluice/conf/io.sluice.taskexecutor-w3.cfg}; without one (a configuration
     * made through ConfigAdmin), {@code configuration <service.pid>}.
     */
    public static String describe(Map<String, ?> properties) {
        Object file = properties.get(FILE_PROPERTY);
        if (file != null && !String.valueOf(file).isBlank()) {
            return asPath(String.valueOf(file));
        }
        return "configuration " + properties.get("service.pid");
    }

    private static String asPath(String file) {
        if (!file.startsWith("file:")) {
            return file;
        }
        try {
            return Path.of(URI.create(file)).toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return file; // not a URL Path can read: the text as FileInstall gave it still names the file
        }
    }
}
