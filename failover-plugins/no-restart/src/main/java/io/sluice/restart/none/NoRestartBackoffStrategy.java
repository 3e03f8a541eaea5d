package io.sluice.restart.none;

import io.sluice.api.failover.RestartBackoffStrategy;
import java.time.Duration;
import java.time.Instant;

/** Refuses every restart; it has no state, so replaying the failure history is trivially exact. */
final class NoRestartBackoffStrategy implements RestartBackoffStrategy {
    static final NoRestartBackoffStrategy INSTANCE = new NoRestartBackoffStrategy();

    private NoRestartBackoffStrategy() {
    }

    @Override
    public void notifyFailure(Throwable cause, Instant failureTime) {
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public Duration getBackoffTime() {
        return Duration.ZERO;
    }

    @Override
    public String toString() {
        return "none";
    }
}
