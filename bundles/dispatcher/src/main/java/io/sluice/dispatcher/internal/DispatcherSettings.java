package io.sluice.dispatcher.internal;

import java.time.Duration;

/**
 * How many jobs the Dispatcher runs at once ({@code dispatcher.max-running-jobs}; a submission beyond it is refused
 * as busy, so that a burst of clients waits at the clients and not in the master's memory), and how many ended jobs
 * it keeps, for how long ({@code jobstore.max-capacity}, {@code jobstore.expiration-time}; Flink keeps 1 h, with no
 * bound on the count by default — Sluice bounds both).
 */
public record DispatcherSettings(int maxRunningJobs, int maxCapacity, Duration expiration) {
    public static final int DEFAULT_MAX_RUNNING_JOBS = 500;
    public static final DispatcherSettings DEFAULT = new DispatcherSettings(DEFAULT_MAX_RUNNING_JOBS, 1_000,
            Duration.ofHours(1));

    public DispatcherSettings {
        if (maxRunningJobs < 1) {
            throw new IllegalArgumentException("dispatcher.max-running-jobs must be >= 1, got " + maxRunningJobs);
        }
        if (maxCapacity < 0) {
            throw new IllegalArgumentException("jobstore.max-capacity must be >= 0, got " + maxCapacity);
        }
        if (expiration.isNegative() || expiration.isZero()) {
            throw new IllegalArgumentException("jobstore.expiration-time must be positive, got " + expiration);
        }
    }

    /** The default running-job bound with these archive bounds. */
    public DispatcherSettings(int maxCapacity, Duration expiration) {
        this(DEFAULT_MAX_RUNNING_JOBS, maxCapacity, expiration);
    }
}
