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

    @Test
    void unknownOptionsAreRejectedWithTheClosestKnownOne() {
        StrategyOptions options = new StrategyOptions("restart", Map.of("attempts", "3", "dealy", "1s", "zzz", "1"));
        options.getInt("attempts", 1);
        options.getDuration("delay", Duration.ZERO);
        assertThatThrownBy(options::requireAllKnown).hasMessage("unknown options 'restart.dealy' (did you mean "
                + "'restart.delay'?), 'restart.zzz'; known: restart.attempts, restart.delay");
        StrategyOptions none = new StrategyOptions("restart", Map.of("attempts", "1"));
        assertThatThrownBy(none::requireAllKnown).hasMessage("unknown option 'restart.attempts'; it takes no options");
        StrategyOptions fine = new StrategyOptions("restart", Map.of("attempts", "1"));
        fine.getInt("attempts", 0);
        fine.requireAllKnown();
    }

    @Test
    void configurationsLeaveOutTheKeysTheFrameworkAdds() {
        StrategyOptions options = StrategyOptions.ofConfiguration(Map.of("service.pid", "x", "component.name", "y",
                "felix.fileinstall.filename", "file:/conf/x.cfg", "resourceManager.target", "(a=b)", "slots", 3));
        assertThat(options.asMap()).containsOnly(Map.entry("slots", "3"));
    }

    @Test
    void outOfRangeNumbersAreCalledThat() {
        StrategyOptions options = new StrategyOptions("", Map.of("slots", "99999999999", "delay", "99999999999999999999s"));
        assertThatThrownBy(() -> options.getInt("slots", 1))
                .hasMessage("slots: 99999999999 is out of range (an integer from -2147483648 to 2147483647)");
        assertThatThrownBy(() -> options.getDuration("delay", Duration.ZERO))
                .hasMessage("delay: 99999999999999999999s is out of range (at most 365 days)");
    }

    @Test
    void durationsAreCappedAtAYearSoThatTheirNanosecondsCannotOverflow() {
        assertThat(StrategyOptions.parseDuration("365d")).isEqualTo(Duration.ofDays(365));
        assertThatThrownBy(() -> StrategyOptions.parseDuration("1000000d"))
                .hasMessage("1000000d is out of range (at most 365 days)");
        assertThatThrownBy(() -> StrategyOptions.parseDuration("366 days"))
                .hasMessage("366 days is out of range (at most 365 days)");
        StrategyOptions options = new StrategyOptions("rpc", Map.of("ask-timeout", "1000000d"));
        assertThatThrownBy(() -> options.getDuration("ask-timeout", Duration.ZERO))
                .hasMessage("rpc.ask-timeout: 1000000d is out of range (at most 365 days)");
    }

    @Test
    void closestNamesAreTyposOnly() {
        java.util.List<String> known = java.util.List.of("taskexecutor.slots", "taskexecutor.slot.cpu", "scheduler");
        assertThat(ClosestName.to("taskexecutor.slotz", known)).contains("taskexecutor.slots");
        assertThat(ClosestName.to("shceduler", known)).contains("scheduler");
        assertThat(ClosestName.to("Scheduler", known)).contains("scheduler");
        assertThat(ClosestName.to("bogus", known)).isEmpty();
        assertThat(ClosestName.hint("x", known)).isEmpty();
    }
}
