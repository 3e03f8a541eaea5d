package io.sluice.restart.fixeddelay;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code fixed-delay} restart backoff: up to {@code attempts} restarts (Flink's default 1), each after
 * {@code delay} (Flink's default 1 s).
 */
@Component
@StrategyName("fixed-delay")
public class FixedDelayRestartBackoffStrategyFactory implements RestartBackoffStrategyFactory {
    static final int DEFAULT_ATTEMPTS = 1;
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

    @Override
    public RestartBackoffStrategy create(StrategyOptions options) {
        int attempts = options.getInt("attempts", DEFAULT_ATTEMPTS);
        Duration delay = options.getDuration("delay", DEFAULT_DELAY);
        if (attempts < 0) {
            throw new IllegalArgumentException(options.qualified("attempts") + ": must be >= 0, got " + attempts);
        }
        return new FixedDelayRestartBackoffStrategy(attempts, delay);
    }
}
