package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMasterConfigTest {

    @Test
    void theDefaultsAreFlinks() {
        assertThat(JobMasterConfig.parse(Map.of())).isEqualTo(SlotPoolSettings.DEFAULT);
    }

    @Test
    void durationsAreReadWithTheirUnits() {
        SlotPoolSettings settings = JobMasterConfig.parse(Map.of("slot.idle-timeout", "2min", "heartbeat.interval", "1s",
                "heartbeat.timeout", "5s"));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.heartbeat().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.heartbeat().timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadValueIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> JobMasterConfig.parse(Map.of("slot.idle-timeout", "soon")))
                .hasMessageContaining("slot.idle-timeout").hasMessageContaining("soon");
        assertThatThrownBy(() -> JobMasterConfig.parse(Map.of("heartbeat.timeout", "0s")))
                .hasMessageContaining("heartbeat.timeout must be positive");
    }
}
