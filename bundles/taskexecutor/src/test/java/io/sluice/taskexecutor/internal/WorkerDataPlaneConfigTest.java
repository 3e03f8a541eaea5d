package io.sluice.taskexecutor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.network.NetworkSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data plane's keys of conf/io.sluice.worker.cfg: sizes with units, defaults, and mistakes named. */
class WorkerDataPlaneConfigTest {

    @Test
    void theDefaultsAreFlinksAndSizesTakeUnits() {
        WorkerDataPlane.Settings defaults = WorkerDataPlane.parse(Map.of("taskexecutor.slots", "2"));
        assertThat(defaults.network()).isEqualTo(NetworkSettings.DEFAULT);
        assertThat(defaults.dataPort()).isZero();

        WorkerDataPlane.Settings set = WorkerDataPlane.parse(Map.of("taskexecutor.network.memory", "8m",
                "taskexecutor.network.segment-size", "16k", "taskexecutor.network.buffers-per-channel", "4",
                "taskexecutor.network.floating-buffers-per-gate", "0", "taskexecutor.network.request-backoff.max",
                "2s", "taskexecutor.data.port", "7100"));
        assertThat(set.network()).isEqualTo(new NetworkSettings(16 * 1024, 512, 4, 0, Duration.ofSeconds(2)));
        assertThat(set.dataPort()).isEqualTo(7100);
    }

    @Test
    void aMistakeIsNamedWithItsKeyAndValue() {
        assertThatThrownBy(() -> WorkerDataPlane.parse(Map.of("taskexecutor.network.memroy", "8m")))
                .hasMessageContaining("unknown key 'taskexecutor.network.memroy'")
                .hasMessageContaining("taskexecutor.network.memory");
        assertThatThrownBy(() -> WorkerDataPlane.parse(Map.of("taskexecutor.network.memory", "lots")))
                .hasMessageContaining("taskexecutor.network.memory 'lots' is not a size");
        assertThatThrownBy(() -> WorkerDataPlane.parse(Map.of("taskexecutor.network.memory", "16k")))
                .hasMessageContaining("less than one buffer");
        assertThatThrownBy(() -> WorkerDataPlane.parse(Map.of("taskexecutor.network.buffers-per-channel", "0")))
                .hasMessageContaining("buffers-per-channel must be >= 1");
        assertThatThrownBy(() -> WorkerDataPlane.parse(Map.of("taskexecutor.data.port", "70000")))
                .hasMessageContaining("taskexecutor.data.port '70000' is not a port");
        assertThatThrownBy(() -> WorkerDataPlane.parse(Map.of("taskexecutor.network.request-backoff.max", "soon")))
                .hasMessageContaining("is not a duration");
    }
}
