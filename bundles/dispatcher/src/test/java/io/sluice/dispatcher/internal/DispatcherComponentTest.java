package io.sluice.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherComponentTest {

    @Test
    void everyKeyIsReadAndTheFrameworksKeysAreIgnored() {
        assertThat(DispatcherComponent.parse(Map.of("service.pid", "io.sluice.dispatcher", "component.id", 4L,
                "felix.fileinstall.filename", "file:/sluice/conf/io.sluice.dispatcher.cfg",
                "jobstore.max-capacity", "10", "jobstore.expiration-time", "5min", "dispatcher.max-running-jobs", "7")))
                .isEqualTo(new DispatcherSettings(7, 10, Duration.ofMinutes(5)));
        assertThat(DispatcherComponent.parse(Map.of())).isEqualTo(DispatcherSettings.DEFAULT);
    }

    @Test
    void anUnknownKeyIsAnErrorWithTheKeyItMostLikelyMeant() {
        assertThatThrownBy(() -> DispatcherComponent.parse(Map.of("jobstore.max-capacty", "10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'jobstore.max-capacty' (did you mean 'jobstore.max-capacity'?); known:"
                        + " dispatcher.max-running-jobs, jobstore.expiration-time, jobstore.max-capacity");
    }

    @Test
    void eachBadValueIsNamedWithItsKey() {
        assertBad("jobstore.max-capacity", "-1", "jobstore.max-capacity must be >= 0, got -1");
        assertBad("jobstore.max-capacity", "lots", "jobstore.max-capacity: expected an integer, got 'lots'");
        assertBad("jobstore.expiration-time", "0h", "jobstore.expiration-time must be positive, got 0h");
        assertBad("jobstore.expiration-time", "1 fortnight",
                "jobstore.expiration-time: expected a duration like 500ms, 10s, 2min or 1h, got '1 fortnight'");
    }

    private static void assertBad(String key, String value, String message) {
        assertThatThrownBy(() -> DispatcherComponent.parse(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
