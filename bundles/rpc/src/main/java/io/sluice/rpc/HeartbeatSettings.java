package io.sluice.rpc;

import java.time.Duration;
import java.util.Objects;

/** How often peers are asked for a heartbeat, and how long silence means the peer is lost (Flink: 10 s / 50 s). */
public record HeartbeatSettings(Duration interval, Duration timeout) {
    public static final HeartbeatSettings DEFAULT = new HeartbeatSettings(Duration.ofSeconds(10), Duration.ofSeconds(50));

    public HeartbeatSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat.interval must be positive, got " + interval);
        }
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("heartbeat.timeout (" + timeout.toMillis() + " ms) must be longer than "
                    + "heartbeat.interval (" + interval.toMillis() + " ms): a peer gets at least one chance to answer");
        }
    }
}
