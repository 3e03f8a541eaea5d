package io.sluice.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyOptionsTest {

    @Test
    void typedGettersParseValuesAndFallBackToDefaults() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("attempts", "3", "delay", "1s"));
        assertThat(options.getInt("attempts", 1)).isEqualTo(3);
        assertThat(options.getDuration("delay", Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.getDouble("multiplier", 2.0)).isEqualTo(2.0);
    }

    @Test
    void invalidValuesNameTheQualifiedOptionAndTheValue() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("attempts", "three", "delay", "soon"));
        assertThatThrownBy(() -> options.getInt("attempts", 1))
                .hasMessage("restart.attempts: expected an integer, got 'three'");
        assertThatThrownBy(() -> options.getDuration("delay", Duration.ZERO))
                .hasMessage("restart.delay: expected a duration like 500ms, 10s, 2min or 1h, got 'soon'");
    }

    @Test
    void optionsNoGetterReadAreReportedAsUnread() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("attempts", "3", "attemps", "4"));
        options.getInt("attempts", 1);
        assertThat(options.unreadKeys()).containsExactly("attemps");
    }

    @Test
    void durationsAcceptCommonUnits() {
        assertThat(StrategyOptions.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(StrategyOptions.parseDuration("2 min")).isEqualTo(Duration.ofMinutes(2));
        assertThat(StrategyOptions.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> StrategyOptions.parseDuration("5 fortnights"))
                .hasMessageContaining("unknown duration unit 'fortnights'");
    }
}
