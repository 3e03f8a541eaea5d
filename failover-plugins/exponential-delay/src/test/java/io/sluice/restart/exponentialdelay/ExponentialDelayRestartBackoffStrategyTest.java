package io.sluice.restart.exponentialdelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExponentialDelayRestartBackoffStrategyTest {
    /** A random source of 0.5 means no jitter at all: the offset is (2 · 0.5 - 1) · jitter · backoff. */
    private static final double NO_JITTER = 0.5;

    private static RestartBackoffStrategy create(Map<String, String> options, Double... randoms) {
        Iterator<Double> values = List.of(randoms).iterator();
        return new ExponentialDelayRestartBackoffStrategyFactory(() -> values.hasNext() ? values.next() : NO_JITTER)
                .create(new StrategyOptions("restart", options));
    }

    /** Notifies a failure at {@code millis} and returns the backoff, in ms, it was given. */
    private static long failAt(RestartBackoffStrategy strategy, long millis) {
        strategy.notifyFailure(new RuntimeException("boom"), Instant.ofEpochMilli(millis));
        return strategy.getBackoffTime().toMillis();
    }

    /** Backoffs of failures that each come 1 ms after the restart of the one before. */
    private static List<Long> backoffsOfBackToBackFailures(RestartBackoffStrategy strategy, int count) {
        List<Long> backoffs = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < count; i++) {
            long backoff = failAt(strategy, now);
            backoffs.add(backoff);
            now += backoff + 1;
        }
        return backoffs;
    }

    @Test
    void backoffGrowsByTheMultiplierUpToTheMaximum() {
        RestartBackoffStrategy strategy = create(Map.of("initial-backoff", "1s", "max-backoff", "10s",
                "multiplier", "2", "jitter", "0"));
        assertThat(backoffsOfBackToBackFailures(strategy, 6)).containsExactly(1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
        assertThat(strategy.canRestart()).isTrue();
    }

    @Test
    void defaultsAreFlinksOneSecondTimesOnePointFiveUnlimited() {
        RestartBackoffStrategy strategy = create(Map.of());
        List<Long> backoffs = backoffsOfBackToBackFailures(strategy, 14);
        assertThat(backoffs).startsWith(1000L, 1500L, 2250L, 3375L, 5062L).endsWith(60000L, 60000L);
        assertThat(strategy.canRestart()).isTrue();
    }

    @Test
    void jitterMovesTheBackoffByUpToTheFactorButStaysWithinInitialAndMax() {
        // 1.0 is the largest offset up, 0.0 the largest down, 0.75 half of the largest up
        RestartBackoffStrategy strategy = create(Map.of("initial-backoff", "1s", "max-backoff", "10s",
                "multiplier", "2", "jitter", "0.1"), 1.0, 0.0, 0.75, 1.0, 0.0);
        assertThat(backoffsOfBackToBackFailures(strategy, 5))
                .containsExactly(1100L, 1800L, 4200L, 8800L, 10000L); // 1000·1.1, 2000·0.9, 4000·1.05, 8000·1.1, 16000·0.9 > max
        RestartBackoffStrategy below = create(Map.of("initial-backoff", "1s", "jitter", "0.1"), 0.0);
        assertThat(failAt(below, 0)).as("900 ms is below initial-backoff").isEqualTo(1000L);
    }

    @Test
    void backoffResetsWhenTheJobRanForTheResetThresholdSinceItsLastRestart() {
        RestartBackoffStrategy strategy = create(Map.of("initial-backoff", "1s", "max-backoff", "1min",
                "multiplier", "2", "jitter", "0", "reset-threshold", "1min"));
        assertThat(failAt(strategy, 0)).isEqualTo(1000L); // restart at 1 s
        assertThat(failAt(strategy, 2_000)).isEqualTo(2000L); // restart at 4 s
        // one minute since the last failure, but not since the restart at 4 s: no reset
        assertThat(failAt(strategy, 62_000)).isEqualTo(4000L); // restart at 66 s
        assertThat(failAt(strategy, 66_000 + 60_000)).isEqualTo(1000L);
        assertThat(failAt(strategy, 128_000)).isEqualTo(2000L);
    }

    @Test
    void failsOnceMoreFailuresThanAttemptsHappenWithoutAReset() {
        RestartBackoffStrategy strategy = create(Map.of("attempts", "2", "initial-backoff", "1s", "jitter", "0",
                "reset-threshold", "1min"));
        failAt(strategy, 0);
        assertThat(strategy.canRestart()).isTrue();
        failAt(strategy, 10_000);
        assertThat(strategy.canRestart()).isTrue();
        failAt(strategy, 20_000);
        assertThat(strategy.canRestart()).isFalse();
    }

    @Test
    void aResetGivesBackTheAttempts() {
        RestartBackoffStrategy strategy = create(Map.of("attempts", "1", "initial-backoff", "1s", "jitter", "0",
                "reset-threshold", "1min"));
        failAt(strategy, 0);
        assertThat(strategy.canRestart()).isTrue();
        failAt(strategy, 1_000 + 60_000);
        assertThat(strategy.canRestart()).isTrue();
        failAt(strategy, 63_000);
        assertThat(strategy.canRestart()).isFalse();
    }

    @Test
    void failuresWhileARestartIsPendingJoinItWithoutUsingAnAttempt() {
        RestartBackoffStrategy strategy = create(Map.of("attempts", "1", "initial-backoff", "10s", "multiplier", "2",
                "jitter", "0"));
        assertThat(failAt(strategy, 0)).isEqualTo(10_000L);
        assertThat(failAt(strategy, 3_000)).as("the same restart, 7 s later").isEqualTo(7_000L);
        assertThat(strategy.canRestart()).isTrue();
        assertThat(failAt(strategy, 10_000)).as("a failure at the restart time still joins it").isZero();
        assertThat(strategy.canRestart()).isTrue();
        failAt(strategy, 10_001);
        assertThat(strategy.canRestart()).isFalse();
    }

    @Test
    void replayingTheFailureHistoryRebuildsTheState() {
        Map<String, String> options = Map.of("initial-backoff", "1s", "multiplier", "2", "jitter", "0",
                "reset-threshold", "1min", "attempts", "3");
        long[] history = {0, 1_500, 2_000, 90_000, 91_001};
        RestartBackoffStrategy original = create(options);
        RestartBackoffStrategy replayed = create(options);
        for (long failure : history) {
            failAt(original, failure);
        }
        for (long failure : history) {
            failAt(replayed, failure);
        }
        assertThat(replayed.getBackoffTime()).isEqualTo(original.getBackoffTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(replayed).hasToString(original.toString());
    }

    @Test
    void rejectsInvalidValuesNamingTheOptionAndTheRule() {
        assertThatThrownBy(() -> create(Map.of("multiplier", "0.5")))
                .hasMessage("restart.multiplier: must be >= 1, got 0.5");
        assertThatThrownBy(() -> create(Map.of("jitter", "1.5")))
                .hasMessage("restart.jitter: must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> create(Map.of("jitter", "-0.1")))
                .hasMessage("restart.jitter: must be between 0 and 1, got -0.1");
        assertThatThrownBy(() -> create(Map.of("attempts", "0")))
                .hasMessage("restart.attempts: must be >= 1, got 0");
        assertThatThrownBy(() -> create(Map.of("initial-backoff", "2min")))
                .hasMessage("restart.max-backoff: must be >= restart.initial-backoff (120000 ms), got 60000 ms");
        assertThatThrownBy(() -> create(Map.of("reset-threshold", "soon")))
                .hasMessage("restart.reset-threshold: expected a duration like 500ms, 10s, 2min or 1h, got 'soon'");
    }

    @Test
    void rejectsNegativeDurationsNamingTheOption() {
        // the duration syntax has no sign, so a negative value already fails to parse
        assertThatThrownBy(() -> create(Map.of("initial-backoff", "-1s")))
                .hasMessage("restart.initial-backoff: expected a duration like 500ms, 10s, 2min or 1h, got '-1s'");
    }

    @Test
    void readsEveryOptionItKnowsSoTyposAreReported() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("initial-backoff", "1s", "max-backoff", "1min",
                "multiplier", "2", "reset-threshold", "1h", "jitter", "0", "attempts", "3", "max-backof", "2min"));
        new ExponentialDelayRestartBackoffStrategyFactory().create(options);
        assertThat(options.unreadKeys()).containsExactly("max-backof");
    }
}
