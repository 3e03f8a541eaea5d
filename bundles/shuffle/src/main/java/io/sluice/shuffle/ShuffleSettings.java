package io.sluice.shuffle;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Sizes of the data plane.
 *
 * @param batchSize records per batch: the unit that crosses a channel
 * @param batchesPerChannel capacity of a pipelined channel; a full channel blocks its producer
 * @param blockingMemoryBytes serialised bytes a blocking partition keeps in memory before it spills to a file
 * @param spillDirectory where blocking partitions spill, one sub-directory per job
 */
public record ShuffleSettings(int batchSize, int batchesPerChannel, long blockingMemoryBytes, Path spillDirectory) {
    public ShuffleSettings {
        if (batchSize < 1 || batchesPerChannel < 1 || blockingMemoryBytes < 0) {
            throw new IllegalArgumentException("batch size and channel capacity must be >= 1 and the memory budget >= 0"
                    + " (got " + batchSize + ", " + batchesPerChannel + ", " + blockingMemoryBytes + ")");
        }
        Objects.requireNonNull(spillDirectory, "spillDirectory");
    }

    public static final int DEFAULT_BATCH_SIZE = 512;
    public static final int DEFAULT_BATCHES_PER_CHANNEL = 8;
    public static final long DEFAULT_BLOCKING_MEMORY_BYTES = 64L << 20;

    public static ShuffleSettings defaults(Path spillDirectory) {
        return new ShuffleSettings(DEFAULT_BATCH_SIZE, DEFAULT_BATCHES_PER_CHANNEL, DEFAULT_BLOCKING_MEMORY_BYTES,
                spillDirectory);
    }
}
