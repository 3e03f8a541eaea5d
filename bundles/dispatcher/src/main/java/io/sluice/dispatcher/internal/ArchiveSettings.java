package io.sluice.dispatcher.internal;

import java.time.Duration;

/**
 * How many ended jobs the Dispatcher keeps, and for how long ({@code jobstore.max-capacity},
 * {@code jobstore.expiration-time}; Flink keeps 1 h, with no bound on the count by default — Sluice bounds both).
 */
public record ArchiveSettings(int maxCapacity, Duration expiration) {
    public static final ArchiveSettings DEFAULT = new ArchiveSettings(1_000, Duration.ofHours(1));

    public ArchiveSettings {
        if (maxCapacity < 0) {
            throw new IllegalArgumentException("jobstore.max-capacity must be >= 0, got " + maxCapacity);
        }
        if (expiration.isNegative() || expiration.isZero()) {
            throw new IllegalArgumentException("jobstore.expiration-time must be positive, got " + expiration);
        }
    }
}
