package io.sluice.resourcemanager.internal;

import io.sluice.api.resource.WorkerSpec;
import io.sluice.rpc.HeartbeatSettings;
import java.time.Duration;

/**
 * The ResourceManager's timing and worker shape: {@code slot.request-timeout} (Flink: 5 min),
 * {@code resourcemanager.worker-idle-timeout} (Flink: 30 s), heartbeats with TaskExecutors, and the shape of a
 * worker an active provider starts.
 */
public record ResourceManagerSettings(Duration slotRequestTimeout, Duration workerIdleTimeout,
        HeartbeatSettings heartbeat, WorkerSpec workerSpec) {

    public static final Duration DEFAULT_SLOT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_WORKER_IDLE_TIMEOUT = Duration.ofSeconds(30);
}
