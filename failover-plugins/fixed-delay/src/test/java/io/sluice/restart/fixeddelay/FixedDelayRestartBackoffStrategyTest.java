package io.sluice.restart.fixeddelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FixedDelayRestartBackoffStrategyTest {
    private final FixedDelayRestartBackoffStrategyFactory factory = new FixedDelayRestartBackoffStrategyFactory();

    @Test
    void allowsExactlyTheConfiguredNumberOfRestartsWithTheConfiguredDelay() {
        RestartBackoffStrategy strategy = factory.create(new StrategyOptions("restart", Map.of("attempts", "2", "delay", "3s")));
        strategy.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertThat(strategy.canRestart()).isTrue();
        assertThat(strategy.getBackoffTime()).isEqualTo(Duration.ofSeconds(3));
        strategy.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertThat(strategy.canRestart()).isTrue();
        strategy.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertThat(strategy.canRestart()).isFalse();
    }

    @Test
    void defaultsAreFlinksOneAttemptAfterOneSecond() {
        RestartBackoffStrategy strategy = factory.create(StrategyOptions.empty("restart"));
        strategy.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertThat(strategy.canRestart()).isTrue();
        assertThat(strategy.getBackoffTime()).isEqualTo(Duration.ofSeconds(1));
        strategy.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertThat(strategy.canRestart()).isFalse();
    }

    @Test
    void rejectsNegativeAttemptsNamingTheOption() {
        assertThatThrownBy(() -> factory.create(new StrategyOptions("restart", Map.of("attempts", "-1"))))
                .hasMessage("restart.attempts: must be >= 0, got -1");
    }

    @Test
    void readsEveryOptionItKnowsSoTyposAreReported() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("attempts", "1", "dealy", "1s"));
        factory.create(options);
        assertThat(options.unreadKeys()).containsExactly("dealy");
    }
}
