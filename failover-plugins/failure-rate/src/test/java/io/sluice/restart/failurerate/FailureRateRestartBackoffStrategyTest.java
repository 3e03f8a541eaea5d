package io.sluice.restart.failurerate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureRateRestartBackoffStrategyTest {
    private final FailureRateRestartBackoffStrategyFactory factory = new FailureRateRestartBackoffStrategyFactory();

    private RestartBackoffStrategy create(Map<String, String> options) {
        return factory.create(new StrategyOptions("restart", options));
    }

    /** Notifies a failure at {@code seconds} and returns whether the job may restart. */
    private static boolean failAt(RestartBackoffStrategy strategy, long seconds) {
        strategy.notifyFailure(new RuntimeException("boom"), Instant.ofEpochSecond(seconds));
        return strategy.canRestart();
    }

    @Test
    void restartsAfterTheDelayUntilMoreThanTheMaximumFailuresFallWithinTheInterval() {
        RestartBackoffStrategy strategy = create(Map.of("max-failures-per-interval", "3", "interval", "10s",
                "delay", "2s"));
        assertThat(failAt(strategy, 0)).isTrue();
        assertThat(strategy.getBackoffTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(failAt(strategy, 1)).isTrue();
        assertThat(failAt(strategy, 2)).isTrue();
        assertThat(failAt(strategy, 3)).as("a 4th failure within 10 s").isFalse();
    }

    @Test
    void theWindowSlidesWithTheFailures() {
        RestartBackoffStrategy strategy = create(Map.of("max-failures-per-interval", "2", "interval", "10s"));
        assertThat(failAt(strategy, 0)).isTrue();
        assertThat(failAt(strategy, 5)).isTrue();
        assertThat(failAt(strategy, 11)).as("the failure at 0 s is more than 10 s old").isTrue();
        assertThat(failAt(strategy, 14)).as("5 s, 11 s and 14 s lie within 10 s").isFalse();
    }

    @Test
    void aFailureExactlyOneIntervalAfterTheOldestStillCountsAsWithinLikeFlink() {
        RestartBackoffStrategy strategy = create(Map.of("max-failures-per-interval", "1", "interval", "10s"));
        assertThat(failAt(strategy, 0)).isTrue();
        assertThat(failAt(strategy, 10)).isFalse();

        RestartBackoffStrategy later = create(Map.of("max-failures-per-interval", "1", "interval", "10s"));
        assertThat(failAt(later, 0)).isTrue();
        assertThat(failAt(later, 11)).isTrue();
        assertThat(failAt(later, 22)).isTrue();
    }

    @Test
    void defaultsAreFlinksOneFailurePerMinuteAfterOneSecond() {
        RestartBackoffStrategy strategy = create(Map.of());
        assertThat(failAt(strategy, 0)).isTrue();
        assertThat(strategy.getBackoffTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(failAt(strategy, 61)).isTrue();
        assertThat(failAt(strategy, 120)).isFalse();
    }

    @Test
    void rejectsInvalidValuesNamingTheOptionAndTheRule() {
        assertThatThrownBy(() -> create(Map.of("max-failures-per-interval", "0")))
                .hasMessage("restart.max-failures-per-interval: must be >= 1, got 0");
        assertThatThrownBy(() -> create(Map.of("interval", "0s")))
                .hasMessage("restart.interval: must be > 0, got 0 ms");
        // the duration syntax has no sign, so a negative value already fails to parse
        assertThatThrownBy(() -> create(Map.of("delay", "-1s")))
                .hasMessage("restart.delay: expected a duration like 500ms, 10s, 2min or 1h, got '-1s'");
    }

    @Test
    void readsEveryOptionItKnowsSoTyposAreReported() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("max-failures-per-interval", "2",
                "interval", "1min", "delay", "1s", "failure-rate-interval", "1min"));
        factory.create(options);
        assertThat(options.unreadKeys()).containsExactly("failure-rate-interval");
    }
}
