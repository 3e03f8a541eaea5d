package io.sluice.restart.failurerate;

import io.sluice.api.failover.RestartBackoffStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Flink's FailureRateRestartBackoffTimeStrategy with the latest failure's time standing in for Flink's clock
 * (the runtime asks {@link #canRestart()} right after notifying the failure). The state is the latest
 * failure times, which replaying the failure history rebuilds exactly.
 */
final class FailureRateRestartBackoffStrategy implements RestartBackoffStrategy {
    private final int maxFailures;
    private final Duration interval;
    private final Duration delay;
    /** The last maxFailures + 1 failure times, oldest first: older ones cannot decide anything. */
    private final ArrayDeque<Instant> failures = new ArrayDeque<>();

    FailureRateRestartBackoffStrategy(int maxFailures, Duration interval, Duration delay) {
        this.maxFailures = maxFailures;
        this.interval = interval;
        this.delay = delay;
    }

    @Override
    public void notifyFailure(Throwable cause, Instant failureTime) {
        if (failures.size() > maxFailures) {
            failures.removeFirst();
        }
        failures.addLast(failureTime);
    }

    /**
     * More than maxFailures failures lie within the interval exactly when the oldest of the last
     * maxFailures + 1 is at most one interval before the latest; Flink compares the same way.
     */
    @Override
    public boolean canRestart() {
        return failures.size() <= maxFailures
                || Duration.between(failures.getFirst(), failures.getLast()).compareTo(interval) > 0;
    }

    @Override
    public Duration getBackoffTime() {
        return delay;
    }

    @Override
    public String toString() {
        return "failure-rate(max-failures-per-interval=" + maxFailures + ", interval=" + interval.toMillis()
                + "ms, delay=" + delay.toMillis() + "ms, recent failures=" + failures + ")";
    }
}
