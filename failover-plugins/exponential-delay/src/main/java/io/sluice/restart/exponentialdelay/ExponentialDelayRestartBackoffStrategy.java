package io.sluice.restart.exponentialdelay;

import io.sluice.api.failover.RestartBackoffStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Flink's ExponentialDelayRestartBackoffTimeStrategy (1.19+), with failure times passed in instead of read
 * from a clock. The state (restarts since the last reset and when the pending restart is due) is rebuilt by
 * replaying the failure history; only the random jitter of each backoff comes out different.
 */
final class ExponentialDelayRestartBackoffStrategy implements RestartBackoffStrategy {
    private final long initialMillis;
    private final long maxMillis;
    private final double multiplier;
    private final Duration resetThreshold;
    private final double jitter;
    private final int attempts;
    /** Uniform in [0, 1); injectable so that tests see a fixed jitter. */
    private final DoubleSupplier random;

    /** Failures counted since the last reset: the exponent of the next backoff, and what attempts limits. */
    private int failures;
    /** When the restart after the last counted failure is due; null before the first failure. */
    private Instant nextRestart;
    /** The wait from the last notified failure to {@link #nextRestart}. */
    private Duration backoff = Duration.ZERO;

    ExponentialDelayRestartBackoffStrategy(Duration initial, Duration max, double multiplier, Duration resetThreshold,
            double jitter, int attempts, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.multiplier = multiplier;
        this.resetThreshold = resetThreshold;
        this.jitter = jitter;
        this.attempts = attempts;
        this.random = random;
    }

    @Override
    public void notifyFailure(Throwable cause, Instant failureTime) {
        if (nextRestart != null && !failureTime.isAfter(nextRestart)) {
            // as Flink: a failure while a restart is pending joins that restart, so one incident that fails
            // several tasks neither uses up several attempts nor grows the backoff several times
            backoff = Duration.between(failureTime, nextRestart);
            return;
        }
        // as Flink, the quiet period is measured from the last restart, not the last failure: a long backoff
        // is not time the job ran well
        if (nextRestart != null && Duration.between(nextRestart, failureTime).compareTo(resetThreshold) >= 0) {
            failures = 0;
        }
        backoff = Duration.ofMillis(backoffMillis(failures));
        nextRestart = failureTime.plus(backoff);
        failures++;
    }

    /** initial · multiplier^n ± jitter of itself, clamped to [initial, max] as Flink does. */
    private long backoffMillis(int n) {
        long base = (long) (initialMillis * Math.pow(multiplier, n)); // saturates after many failures, as Flink's
        double jittered = base + (2 * random.getAsDouble() - 1) * jitter * base; // in double: cannot overflow
        return jittered < maxMillis ? Math.max(initialMillis, Math.round(jittered)) : maxMillis;
    }

    @Override
    public boolean canRestart() {
        return failures <= attempts;
    }

    @Override
    public Duration getBackoffTime() {
        return backoff;
    }

    @Override
    public String toString() {
        return "exponential-delay(initial-backoff=" + initialMillis + "ms, max-backoff=" + maxMillis
                + "ms, multiplier=" + multiplier + ", reset-threshold=" + resetThreshold.toMillis() + "ms, jitter="
                + jitter + ", attempts=" + (attempts == Integer.MAX_VALUE ? "unlimited" : attempts)
                + ", failures since reset=" + failures + ")";
    }
}
