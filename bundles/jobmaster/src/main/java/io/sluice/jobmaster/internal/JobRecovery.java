package io.sluice.jobmaster.internal;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.RestartBackoffStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a job recovers from task failures: the failover strategy, looked up again at every failure so that a
 * swapped plugin decides the next one, and the job's restart backoff, which keeps count across failures.
 */
public record JobRecovery(Supplier<Failover> failover, RestartBackoffStrategy backoff) {
    public JobRecovery {
        Objects.requireNonNull(failover, "failover");
        Objects.requireNonNull(backoff, "backoff");
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
