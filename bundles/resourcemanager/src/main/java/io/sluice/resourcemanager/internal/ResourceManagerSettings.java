package io.sluice.resourcemanager.internal;

import io.sluice.api.resource.WorkerSpec;
import io.sluice.rpc.HeartbeatSettings;
import java.time.Duration;

/**
 * The ResourceManager's timing and worker shape: {@code slot.request-timeout} (Flink: 5 min),
 * {@code resourcemanager.worker-idle-timeout} (Flink: 30 s), heartbeats with TaskExecutors, and the shape of a
 * worker an active provider starts; and how failed starts are retried: at once while fewer than
 * {@code resourcemanager.start-worker.max-failure-rate} failed in the last minute, else after
 * {@code resourcemanager.start-worker.retry-interval} (Flink's keys and defaults: 10 per minute, 3 s).
 */
public record ResourceManagerSettings(Duration slotRequestTimeout, Duration workerIdleTimeout,
        HeartbeatSettings heartbeat, WorkerSpec workerSpec, double startWorkerMaxFailureRate,
        Duration startWorkerRetryInterval) {

    public static final Duration DEFAULT_SLOT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_WORKER_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final double DEFAULT_START_WORKER_MAX_FAILURE_RATE = 10.0;
    public static final Duration DEFAULT_START_WORKER_RETRY_INTERVAL = Duration.ofSeconds(3);

    /** With the default retries of failed worker starts. */
    public ResourceManagerSettings(Duration slotRequestTimeout, Duration workerIdleTimeout, HeartbeatSettings heartbeat,
            WorkerSpec workerSpec) {
        this(slotRequestTimeout, workerIdleTimeout, heartbeat, workerSpec, DEFAULT_START_WORKER_MAX_FAILURE_RATE,
                DEFAULT_START_WORKER_RETRY_INTERVAL);
    }
}
