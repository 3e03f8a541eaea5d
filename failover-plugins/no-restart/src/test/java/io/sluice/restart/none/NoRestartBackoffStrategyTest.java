package io.sluice.restart.none;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoRestartBackoffStrategyTest {
    private final NoRestartBackoffStrategyFactory factory = new NoRestartBackoffStrategyFactory();

    @Test
    void neverRestartsNotEvenAfterTheFirstFailure() {
        RestartBackoffStrategy strategy = factory.create(StrategyOptions.empty("restart"));
        strategy.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertThat(strategy.canRestart()).isFalse();
        strategy.notifyFailure(new RuntimeException(), Instant.EPOCH.plusSeconds(3600));
        assertThat(strategy.canRestart()).isFalse();
    }

    @Test
    void readsNoOptionsSoEveryGivenOneIsReportedAsUnknown() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("attempts", "3"));
        factory.create(options);
        assertThat(options.unreadKeys()).containsExactly("attempts");
    }
}
