package io.sluice.rest.internal;

import io.sluice.api.plugin.StrategyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The REST server's settings ({@code conf/io.sluice.rest.cfg}).
 *
 * @param address the interface to listen on; localhost unless configured
 * @param authToken the bearer token state-changing requests need; empty for none
 * @param allowedDirs the folders jobs submitted over REST may read and write
 */
record RestSettings(String address, int port, String authToken, long maxContentLength, int maxConcurrentSubmissions,
        Duration maxResultWait, List<Path> allowedDirs) {

    static final String ADDRESS = "rest.address";
    static final String PORT = "rest.port";
    static final String AUTH_TOKEN = "rest.auth.token";
    static final String MAX_CONTENT_LENGTH = "rest.max-content-length";
    static final String MAX_CONCURRENT_SUBMISSIONS = "rest.submissions.max-concurrent";
    static final String ALLOWED_DIRS = "io.allowed-dirs";
    static final long DEFAULT_MAX_CONTENT_LENGTH = 4L << 20;
    static final int DEFAULT_MAX_CONCURRENT_SUBMISSIONS = 8;
    /** The longest a result request waits; the answer then says IN_PROGRESS and the client asks again. */
    static final Duration MAX_RESULT_WAIT = Duration.ofSeconds(60);

    RestSettings {
        allowedDirs = List.copyOf(allowedDirs);
    }

    /**
     * Parses the configuration; throws {@link IllegalArgumentException} naming the first bad key and its value, or
     * the unknown keys with the known ones.
     *
     * @param defaultDirs the folders of {@code io.allowed-dirs} when the configuration names none
     */
    static RestSettings parse(Map<String, ?> properties, List<Path> defaultDirs) {
        StrategyOptions options = StrategyOptions.ofConfiguration(properties);
        String address = options.getString(ADDRESS, "localhost").trim();
        if (address.isEmpty()) {
            throw new IllegalArgumentException(ADDRESS + " is empty (localhost, an address, or 0.0.0.0 for every interface)");
        }
        int port = options.getInt(PORT, 8081);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + " must be a port (0 for any free one, else 1 to 65535), got " + port);
        }
        String token = options.getString(AUTH_TOKEN, "").trim();
        long maxContentLength = options.getBytes(MAX_CONTENT_LENGTH, DEFAULT_MAX_CONTENT_LENGTH);
        if (maxContentLength < 1024 || maxContentLength > (1L << 30)) {
            throw new IllegalArgumentException(MAX_CONTENT_LENGTH + " must be between 1k and 1g, got " + maxContentLength);
        }
        int concurrent = options.getInt(MAX_CONCURRENT_SUBMISSIONS, DEFAULT_MAX_CONCURRENT_SUBMISSIONS);
        if (concurrent < 1 || concurrent > 1024) {
            throw new IllegalArgumentException(MAX_CONCURRENT_SUBMISSIONS + " must be between 1 and 1024, got " + concurrent);
        }
        List<Path> dirs = new ArrayList<>();
        for (String dir : options.getString(ALLOWED_DIRS, "").split(",")) {
            if (!dir.isBlank()) {
                Path path = Path.of(dir.trim());
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException(ALLOWED_DIRS + ": '" + dir.trim() + "' is not an absolute path");
                }
                dirs.add(path);
            }
        }
        options.requireAllKnown();
        return new RestSettings(address, port, token, maxContentLength, concurrent, MAX_RESULT_WAIT,
                dirs.isEmpty() ? defaultDirs : dirs);
    }

    @Override
    public String toString() { // never the token
        return "address=" + address + ", port=" + port + ", auth=" + (authToken.isEmpty() ? "off" : "token")
                + ", max-content-length=" + maxContentLength + ", max-concurrent-submissions="
                + maxConcurrentSubmissions + ", allowed-dirs=" + allowedDirs;
    }
}
