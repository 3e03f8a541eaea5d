package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMasterConfigTest {

    @Test
    void theDefaultsAreFlinks() {
        assertThat(JobMasterConfig.parseAll(Map.of()).slotPool()).isEqualTo(SlotPoolSettings.DEFAULT);
    }

    @Test
    void durationsAreReadWithTheirUnits() {
        SlotPoolSettings settings = JobMasterConfig.parseAll(Map.of("slot.idle-timeout", "2min",
                "heartbeat.interval", "1s", "heartbeat.timeout", "5s")).slotPool();
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.heartbeat().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.heartbeat().timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadValueIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> JobMasterConfig.parseAll(Map.of("slot.idle-timeout", "soon")))
                .hasMessageContaining("slot.idle-timeout").hasMessageContaining("soon");
        assertThatThrownBy(() -> JobMasterConfig.parseAll(Map.of("heartbeat.timeout", "0s")))
                .hasMessageContaining("heartbeat.timeout must be positive");
    }

    @Test
    void eachBadValueIsNamedWithItsKey() {
        assertBad("slot.idle-timeout", "0s", "slot.idle-timeout must be positive, got 0s");
        assertBad("heartbeat.interval", "-", "heartbeat.interval: expected a duration like 500ms, 10s, 2min or 1h, got '-'");
        assertBad("heartbeat.timeout", "1000000d", "heartbeat.timeout: 1000000d is out of range (at most 365 days)");
        assertBad("web.exception-history-size", "0", "web.exception-history-size must be >= 1, got 0");
        assertBad("job.max-tasks", "-3", "job.max-tasks must be >= 1, got -3");
        assertBad("job.max-tasks", "many", "job.max-tasks: expected an integer, got 'many'");
    }

    @Test
    void anUnknownKeyIsAnErrorWithTheKeyItMostLikelyMeantAndTheFrameworksKeysAreNot() {
        assertThatThrownBy(() -> JobMasterConfig.parseAll(Map.of("service.pid", "io.sluice.jobmaster",
                "slot.idle-timout", "1min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'slot.idle-timout' (did you mean 'slot.idle-timeout'?); known: heartbeat.interval,"
                        + " heartbeat.timeout, job.max-tasks, slot.idle-timeout, web.exception-history-size");
        assertThat(JobMasterConfig.parseAll(Map.of("service.pid", "io.sluice.jobmaster", "component.id", 3L,
                "felix.fileinstall.filename", "file:/sluice/conf/io.sluice.jobmaster.cfg", "job.max-tasks", "10"))
                .maxTasks()).isEqualTo(10);
    }

    @Test
    void theSourceOfARejectedFileIsItsPathElseItsPid() {
        assertThat(JobMasterConfig.source(Map.of("service.pid", "io.sluice.jobmaster",
                "felix.fileinstall.filename", java.nio.file.Path.of("/sluice/conf/io.sluice.jobmaster.cfg").toUri().toString())))
                .isEqualTo(java.nio.file.Path.of("/sluice/conf/io.sluice.jobmaster.cfg").toString());
        assertThat(JobMasterConfig.source(Map.of("service.pid", "io.sluice.jobmaster")))
                .isEqualTo("configuration io.sluice.jobmaster");
    }

    private static void assertBad(String key, String value, String message) {
        assertThatThrownBy(() -> JobMasterConfig.parseAll(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
