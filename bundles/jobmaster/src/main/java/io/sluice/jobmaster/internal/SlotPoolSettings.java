package io.sluice.jobmaster.internal;

import io.sluice.rpc.HeartbeatSettings;
import java.time.Duration;

/** {@code slot.idle-timeout} (Flink: 50 s) and the heartbeats with TaskExecutors. */
public record SlotPoolSettings(Duration idleTimeout, HeartbeatSettings heartbeat) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(50);
    public static final SlotPoolSettings DEFAULT = new SlotPoolSettings(DEFAULT_IDLE_TIMEOUT, HeartbeatSettings.DEFAULT);
}
