package io.sluice.shuffle;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Sizes of the data plane.
 *
 * @param batchSize records per batch: the unit that crosses a channel
 * @param batchesPerChannel capacity of a pipelined channel; a full channel blocks its producer
 * @param blockingMemory serialised bytes all blocking partitions written with these settings keep in memory
 *        together; beyond it they spill to files
 * @param spillDirectory where blocking partitions spill, one sub-directory per job that goes with the job's last
 *        partition; this process's own (see {@link PartitionRegistry#deleteLeftoverSpills})
 */
public record ShuffleSettings(int batchSize, int batchesPerChannel, MemoryBudget blockingMemory, Path spillDirectory) {
    public ShuffleSettings {
        if (batchSize < 1 || batchesPerChannel < 1) {
            throw new IllegalArgumentException("batch size and channel capacity must be >= 1 (got " + batchSize
                    + ", " + batchesPerChannel + ")");
        }
        Objects.requireNonNull(blockingMemory, "blockingMemory");
        Objects.requireNonNull(spillDirectory, "spillDirectory");
    }

    public ShuffleSettings(int batchSize, int batchesPerChannel, long blockingMemoryBytes, Path spillDirectory) {
        this(batchSize, batchesPerChannel, new MemoryBudget(blockingMemoryBytes), spillDirectory);
    }

    public static final int DEFAULT_BATCH_SIZE = 512;
    public static final int DEFAULT_BATCHES_PER_CHANNEL = 8;
    /** For all blocking partitions of a JVM together. */
    public static final long DEFAULT_BLOCKING_MEMORY_BYTES = 256L << 20;

    public static ShuffleSettings defaults(Path spillDirectory) {
        return new ShuffleSettings(DEFAULT_BATCH_SIZE, DEFAULT_BATCHES_PER_CHANNEL, DEFAULT_BLOCKING_MEMORY_BYTES,
                spillDirectory);
    }
}
