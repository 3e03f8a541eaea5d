package io.sluice.restart.exponentialdelay;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code exponential-delay} restart backoff, Flink's with Flink's defaults: the first restart waits
 * {@code initial-backoff} (1 s), each further one {@code multiplier} (1.5) times longer up to
 * {@code max-backoff} (1 min), each varied by up to ± {@code jitter} (0.1) of itself. After the job ran for
 * {@code reset-threshold} (1 h; Flink's {@code reset-backoff-threshold}) without failing, the backoff starts
 * over. The job fails when more than {@code attempts} (unlimited; Flink's
 * {@code attempts-before-reset-backoff}) failures happen without such a reset.
 */
@Component
@StrategyName("exponential-delay")
public class ExponentialDelayRestartBackoffStrategyFactory implements RestartBackoffStrategyFactory {
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    static final double DEFAULT_MULTIPLIER = 1.5;
    static final Duration DEFAULT_RESET_THRESHOLD = Duration.ofHours(1);
    static final double DEFAULT_JITTER = 0.1;
    static final int DEFAULT_ATTEMPTS = Integer.MAX_VALUE;

    /** Uniform in [0, 1), the source of every jitter; shared by all jobs, so it must be thread-safe. */
    private final DoubleSupplier random;

    public ExponentialDelayRestartBackoffStrategyFactory() {
        this(Math::random);
    }

    /** For tests, which need a predictable jitter. */
    ExponentialDelayRestartBackoffStrategyFactory(DoubleSupplier random) {
        this.random = random;
    }

    @Override
    public RestartBackoffStrategy create(StrategyOptions options) {
        Duration initial = options.getDuration("initial-backoff", DEFAULT_INITIAL_BACKOFF);
        Duration max = options.getDuration("max-backoff", DEFAULT_MAX_BACKOFF);
        double multiplier = options.getDouble("multiplier", DEFAULT_MULTIPLIER);
        Duration resetThreshold = options.getDuration("reset-threshold", DEFAULT_RESET_THRESHOLD);
        double jitter = options.getDouble("jitter", DEFAULT_JITTER);
        int attempts = options.getInt("attempts", DEFAULT_ATTEMPTS);
        requireNotNegative(options, "initial-backoff", initial);
        requireNotNegative(options, "max-backoff", max);
        requireNotNegative(options, "reset-threshold", resetThreshold);
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(options.qualified("max-backoff") + ": must be >= "
                    + options.qualified("initial-backoff") + " (" + initial.toMillis() + " ms), got "
                    + max.toMillis() + " ms");
        }
        // negated comparisons so that NaN is rejected too
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException(options.qualified("multiplier") + ": must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException(options.qualified("jitter") + ": must be between 0 and 1, got " + jitter);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException(options.qualified("attempts") + ": must be >= 1, got " + attempts);
        }
        return new ExponentialDelayRestartBackoffStrategy(initial, max, multiplier, resetThreshold, jitter, attempts,
                random);
    }

    private static void requireNotNegative(StrategyOptions options, String key, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(options.qualified(key) + ": must not be negative, got "
                    + value.toMillis() + " ms");
        }
    }
}
