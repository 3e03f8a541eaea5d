package io.sluice.restart.failurerate;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code failure-rate} restart backoff, Flink's with Flink's defaults: restarts after {@code delay}
 * (1 s) unless more than {@code max-failures-per-interval} (1) failures happened within {@code interval}
 * (1 min; Flink's {@code failure-rate-interval}).
 */
@Component
@StrategyName("failure-rate")
public class FailureRateRestartBackoffStrategyFactory implements RestartBackoffStrategyFactory {
    static final int DEFAULT_MAX_FAILURES_PER_INTERVAL = 1;
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

    @Override
    public RestartBackoffStrategy create(StrategyOptions options) {
        int maxFailures = options.getInt("max-failures-per-interval", DEFAULT_MAX_FAILURES_PER_INTERVAL);
        Duration interval = options.getDuration("interval", DEFAULT_INTERVAL);
        Duration delay = options.getDuration("delay", DEFAULT_DELAY);
        if (maxFailures < 1) {
            throw new IllegalArgumentException(options.qualified("max-failures-per-interval") + ": must be >= 1, got "
                    + maxFailures);
        }
        // as Flink: no failures can happen "within" an empty interval
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(options.qualified("interval") + ": must be > 0, got "
                    + interval.toMillis() + " ms");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException(options.qualified("delay") + ": must not be negative, got "
                    + delay.toMillis() + " ms");
        }
        return new FailureRateRestartBackoffStrategy(maxFailures, interval, delay);
    }
}
