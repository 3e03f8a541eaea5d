package io.sluice.resourcemanager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.rpc.HeartbeatSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceManagerConfigTest {

    @Test
    void everyKeyIsReadAndTheFrameworksKeysAreIgnored() {
        ResourceManagerSettings settings = ResourceManagerConfig.parse(Map.of("service.pid", "io.sluice.resourcemanager",
                "felix.fileinstall.filename", "file:/sluice/conf/io.sluice.resourcemanager.cfg",
                "component.name", "rm", "slot.request-timeout", "2min", "resourcemanager.worker-idle-timeout", "5s",
                "heartbeat.interval", "1s", "heartbeat.timeout", "3s", "taskexecutor.slots", "4",
                "taskexecutor.slot.cpu", "0.5", "taskexecutor.slot.heap-mb", "256"));
        assertThat(settings).isEqualTo(new ResourceManagerSettings(Duration.ofMinutes(2), Duration.ofSeconds(5),
                new HeartbeatSettings(Duration.ofSeconds(1), Duration.ofSeconds(3)),
                new WorkerSpec(4, ResourceProfile.of(0.5, 256))));
        assertThat(ResourceManagerConfig.parse(Map.of()).slotRequestTimeout())
                .isEqualTo(ResourceManagerSettings.DEFAULT_SLOT_REQUEST_TIMEOUT);
    }

    @Test
    void anUnknownKeyIsAnErrorWithTheKeyItMostLikelyMeant() {
        assertThatThrownBy(() -> ResourceManagerConfig.parse(Map.of("slot.request-timout", "1min")))
                .hasMessageStartingWith("unknown option 'slot.request-timout' (did you mean 'slot.request-timeout'?);"
                        + " known: heartbeat.interval, heartbeat.timeout, resourcemanager.start-worker.max-failure-rate,"
                        + " resourcemanager.start-worker.retry-interval, resourcemanager.worker-idle-timeout,");
    }

    @Test
    void eachBadValueIsNamedWithItsKey() {
        assertBad("taskexecutor.slots", "0", "taskexecutor.slots must be >= 1, got 0");
        assertBad("taskexecutor.slots", "two", "taskexecutor.slots: expected an integer, got 'two'");
        assertBad("taskexecutor.slot.cpu", "-1", "taskexecutor.slot.cpu must be >= 0, got -1.0");
        assertBad("taskexecutor.slot.heap-mb", "-512", "taskexecutor.slot.heap-mb must be >= 0, got -512");
        assertBad("slot.request-timeout", "0s", "slot.request-timeout must be positive, got 0s");
        assertBad("resourcemanager.start-worker.max-failure-rate", "0",
                "resourcemanager.start-worker.max-failure-rate must be a positive number, got 0.0");
        assertBad("resourcemanager.start-worker.retry-interval", "0ms",
                "resourcemanager.start-worker.retry-interval must be positive, got 0ms");
        assertBad("resourcemanager.worker-idle-timeout", "soon", "resourcemanager.worker-idle-timeout: expected a"
                + " duration like 500ms, 10s, 2min or 1h, got 'soon'");
        assertBad("heartbeat.interval", "0", "heartbeat.interval must be positive, got 0");
    }

    private static void assertBad(String key, String value, String message) {
        assertThatThrownBy(() -> ResourceManagerConfig.parse(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
