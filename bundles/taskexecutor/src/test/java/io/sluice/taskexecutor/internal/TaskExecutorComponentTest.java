package io.sluice.taskexecutor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskExecutorComponentTest {

    @Test
    void theWorkerIdComesFromTheConfigurationOrItsName() {
        assertThat(TaskExecutorComponent.workerId(Map.of("taskexecutor.id", "w7", "service.pid", "x~y"))).isEqualTo("w7");
        assertThat(TaskExecutorComponent.workerId(Map.of("service.pid", "io.sluice.taskexecutor~embedded-1a2b")))
                .isEqualTo("embedded-1a2b");
    }

    @Test
    void heartbeatsAreConfigurationAndTheTimeoutMustExceedTheInterval() {
        assertThat(TaskExecutorComponent.parse(Map.of()).heartbeat()).isEqualTo(io.sluice.rpc.HeartbeatSettings.DEFAULT);
        assertThat(TaskExecutorComponent.parse(Map.of("heartbeat.interval", "2s", "heartbeat.timeout", "7s"))
                .heartbeat()).isEqualTo(new io.sluice.rpc.HeartbeatSettings(java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(7)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TaskExecutorComponent.parse(
                Map.of("heartbeat.interval", "10s", "heartbeat.timeout", "10s")))
                .hasMessageStartingWith("heartbeat.timeout (10000 ms) must be longer than heartbeat.interval");
    }
}
