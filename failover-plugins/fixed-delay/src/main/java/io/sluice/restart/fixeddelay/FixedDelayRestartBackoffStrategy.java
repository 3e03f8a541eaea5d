package io.sluice.restart.fixeddelay;

import io.sluice.api.failover.RestartBackoffStrategy;
import java.time.Duration;
import java.time.Instant;

/** Counts failures; the only state is that count, which a replay of the failure history rebuilds. */
final class FixedDelayRestartBackoffStrategy implements RestartBackoffStrategy {
    private final int maxAttempts;
    private final Duration delay;
    private int failures;

    FixedDelayRestartBackoffStrategy(int maxAttempts, Duration delay) {
        this.maxAttempts = maxAttempts;
        this.delay = delay;
    }

    @Override
    public void notifyFailure(Throwable cause, Instant failureTime) {
        failures++;
    }

    @Override
    public boolean canRestart() {
        return failures <= maxAttempts;
    }

    @Override
    public Duration getBackoffTime() {
        return delay;
    }

    @Override
    public String toString() {
        return "fixed-delay(attempts=" + maxAttempts + ", delay=" + delay + ", failures=" + failures + ")";
    }
}
