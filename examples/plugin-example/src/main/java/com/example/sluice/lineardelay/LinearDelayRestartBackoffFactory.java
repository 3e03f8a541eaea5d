package com.example.sluice.lineardelay;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import java.time.Instant;
import org.osgi.service.component.annotations.Component;

/**
 * A restart backoff that waits a little longer after each failure: {@code initial}, then
 * {@code initial + step}, {@code initial + 2 step}, ... for at most {@code attempts} restarts.
 * A job selects it with {@code "restart": {"strategy": "linear-delay", "attempts": 5, "step": "2s"}}.
 */
@Component
@StrategyName("linear-delay")
public class LinearDelayRestartBackoffFactory implements RestartBackoffStrategyFactory {

    @Override
    public RestartBackoffStrategy create(StrategyOptions options) {
        int attempts = options.getInt("attempts", 3);
        Duration initial = options.getDuration("initial", Duration.ofSeconds(1));
        Duration step = options.getDuration("step", Duration.ofSeconds(1));
        if (attempts < 0) {
            throw new IllegalArgumentException(options.qualified("attempts") + ": must be >= 0, got " + attempts);
        }
        return new LinearDelay(attempts, initial, step);
    }

    /** The failure count is the only state, and replaying the failure history rebuilds it. */
    static final class LinearDelay implements RestartBackoffStrategy {
        private final int attempts;
        private final Duration initial;
        private final Duration step;
        private int failures;

        LinearDelay(int attempts, Duration initial, Duration step) {
            this.attempts = attempts;
            this.initial = initial;
            this.step = step;
        }

        @Override
        public void notifyFailure(Throwable cause, Instant failureTime) {
            failures++;
        }

        @Override
        public boolean canRestart() {
            return failures <= attempts;
        }

        @Override
        public Duration getBackoffTime() {
            return initial.plus(step.multipliedBy(Math.max(0, failures - 1)));
        }
    }
}
