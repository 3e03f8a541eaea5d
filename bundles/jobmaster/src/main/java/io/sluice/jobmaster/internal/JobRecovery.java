package io.sluice.jobmaster.internal;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.RestartBackoffStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a job recovers from task failures: the failover strategy, looked up again at every failure so that a
 * swapped plugin decides the next one, the job's restart backoff, which keeps count across failures, and how many
 * failures its history keeps ({@code web.exception-history-size}; the oldest go first, restarts are all counted).
 */
public record JobRecovery(Supplier<Failover> failover, RestartBackoffStrategy backoff, int exceptionHistorySize) {
    /** Flink's {@code web.exception-history-size}. */
    public static final int DEFAULT_EXCEPTION_HISTORY_SIZE = 16;

    public JobRecovery {
        Objects.requireNonNull(failover, "failover");
        Objects.requireNonNull(backoff, "backoff");
        if (exceptionHistorySize < 1) {
            throw new IllegalArgumentException("web.exception-history-size must be >= 1, got " + exceptionHistorySize);
        }
    }

    public JobRecovery(Supplier<Failover> failover, RestartBackoffStrategy backoff) {
        this(failover, backoff, DEFAULT_EXCEPTION_HISTORY_SIZE);
    }

    /** A failover strategy with the name and version that go into the failure history. */
    public record Failover(FailoverStrategyFactory factory, String name, String version) {
    }

    /** Never restarts: the first task failure fails the job. */
    public static JobRecovery none() {
        return new JobRecovery(() -> {
            throw new IllegalStateException("no failover without restarts");
        }, new RestartBackoffStrategy() {
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
                return "no restarts";
            }
        });
    }
}
