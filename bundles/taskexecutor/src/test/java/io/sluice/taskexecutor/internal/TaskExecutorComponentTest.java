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
}
