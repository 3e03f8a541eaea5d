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

    /** The keys of a worker's configuration that set the data plane. */
    public static final String MEMORY = "taskexecutor.network.memory";
    public static final String SEGMENT_SIZE = "taskexecutor.network.segment-size";
    public static final String BUFFERS_PER_CHANNEL = "taskexecutor.network.buffers-per-channel";
    public static final String FLOATING_BUFFERS_PER_GATE = "taskexecutor.network.floating-buffers-per-gate";
    public static final String REQUEST_BACKOFF_MAX = "taskexecutor.network.request-backoff.max";

    /**
     * The settings {@code values} give (the defaults for the keys they lack); throws naming the key and the value.
     * Sizes are bytes, or a number with {@code k}, {@code m} or {@code g} (1024-based), e.g. {@code 64m}.
     */
    public static NetworkSettings parse(java.util.Map<String, String> values) {
        int segment = (int) Math.min(Integer.MAX_VALUE, bytes(values, SEGMENT_SIZE, DEFAULT_SEGMENT_BYTES));
        long memory = bytes(values, MEMORY, DEFAULT_MEMORY_BYTES);
        if (memory < segment) {
            throw new IllegalArgumentException(MEMORY + " " + values.get(MEMORY) + " is less than one buffer of "
                    + SEGMENT_SIZE + " (" + segment + " bytes)");
        }
        return new NetworkSettings(segment, (int) Math.min(Integer.MAX_VALUE, memory / segment),
                integer(values, BUFFERS_PER_CHANNEL, DEFAULT.buffersPerChannel()),
                integer(values, FLOATING_BUFFERS_PER_GATE, DEFAULT.floatingBuffersPerGate()),
                values.containsKey(REQUEST_BACKOFF_MAX) ? duration(values.get(REQUEST_BACKOFF_MAX))
                        : DEFAULT.requestBackoffMax());
    }

    private static Duration duration(String text) {
        try {
            return io.sluice.api.plugin.StrategyOptions.parseDuration(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(REQUEST_BACKOFF_MAX + " '" + text + "' is not a duration (e.g. 10s)");
        }
    }

    private static int integer(java.util.Map<String, String> values, String key, int defaultValue) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a whole number");
        }
    }

    private static long bytes(java.util.Map<String, String> values, String key, long defaultValue) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return io.sluice.api.plugin.StrategyOptions.parseBytes(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a size (bytes, or e.g. 32k, 64m, 1g)");
        }
    }

    /** The same with {@code memoryBytes} of network memory. */
    public NetworkSettings withMemory(long memoryBytes) {
        return new NetworkSettings(segmentBytes, (int) Math.min(Integer.MAX_VALUE, memoryBytes / segmentBytes),
                buffersPerChannel, floatingBuffersPerGate, requestBackoffMax);
    }
}
