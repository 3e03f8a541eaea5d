package io.sluice.network;

import java.time.Duration;

/**
 * The network memory of a worker and how its channels use it.
 *
 * @param segmentBytes the size of one buffer ({@code taskexecutor.network.segment-size}, Flink's 32 KiB): a batch
 *        on the wire fills at most one
 * @param segments how many buffers the worker has ({@code taskexecutor.network.memory} / segment size)
 * @param buffersPerChannel exclusive buffers of each remote input channel (Flink's 2)
 * @param floatingBuffersPerGate buffers a gate lends to its channels with a backlog (Flink's 8)
 * @param requestBackoffMax how long a consumer keeps asking for a partition its producer has not registered yet
 *        before it fails with "not found" ({@code taskexecutor.network.request-backoff.max}, Flink's 10 s)
 */
public record NetworkSettings(int segmentBytes, int segments, int buffersPerChannel, int floatingBuffersPerGate,
        Duration requestBackoffMax) {
    public static final int DEFAULT_SEGMENT_BYTES = 32 * 1024;
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    public static final NetworkSettings DEFAULT = new NetworkSettings(DEFAULT_SEGMENT_BYTES,
            (int) (DEFAULT_MEMORY_BYTES / DEFAULT_SEGMENT_BYTES), 2, 8, Duration.ofSeconds(10));

    public NetworkSettings {
        if (segmentBytes < 1024 || segmentBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("taskexecutor.network.segment-size must be 1 KiB to 16 MiB, got "
                    + segmentBytes + " bytes");
        }
        if (segments < 1) {
            throw new IllegalArgumentException("taskexecutor.network.memory holds no buffer of " + segmentBytes
                    + " bytes");
        }
        if (buffersPerChannel < 1) {
            throw new IllegalArgumentException("taskexecutor.network.buffers-per-channel must be >= 1, got "
                    + buffersPerChannel);
        }
        if (floatingBuffersPerGate < 0) {
            throw new IllegalArgumentException("taskexecutor.network.floating-buffers-per-gate must be >= 0, got "
                    + floatingBuffersPerGate);
        }
        if (requestBackoffMax.isNegative() || requestBackoffMax.isZero()) {
            throw new IllegalArgumentException("taskexecutor.network.request-backoff.max must be positive, got "
                    + requestBackoffMax);
        }
    }

    /** The same with {@code memoryBytes} of network memory. */
    public NetworkSettings withMemory(long memoryBytes) {
        return new NetworkSettings(segmentBytes, (int) Math.min(Integer.MAX_VALUE, memoryBytes / segmentBytes),
                buffersPerChannel, floatingBuffersPerGate, requestBackoffMax);
    }
}
