package io.sluice.shuffle;

import io.sluice.api.job.PartitionerKind;
import io.sluice.api.operator.Records;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Routes a producer's records into the subpartitions of its partition with the edge's partitioner, and sends
 * them in batches: a channel's batch goes out when full, on {@link #flush()} (the task is about to wait), and
 * at {@link #finish()}. Producer thread only.
 */
public final class RecordWriter {
    private static final VarHandle RECORDS_OUT;

    static {
        try {
            RECORDS_OUT = MethodHandles.lookup().findVarHandle(RecordWriter.class, "recordsOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ResultPartition partition;
    private final PartitionerKind partitioner;
    private final int batchSize;
    private final int channels;
    private final Object[][] batches;
    private final int[] fill;
    private int nextChannel;
    /**
     * Written by the producer only, read by others for progress reports: an opaque store is a plain store on
     * the hardware, yet never torn nor kept in a register, and the readers' opaque loads see it.
     */
    private long recordsOut;

    public RecordWriter(ResultPartition partition, PartitionerKind partitioner, int batchSize, int producerSubtask) {
        this.partition = partition;
        this.partitioner = partitioner;
        this.batchSize = batchSize;
        this.channels = partition.numberOfSubpartitions();
        this.batches = new Object[channels][batchSize];
        this.fill = new int[channels];
        this.nextChannel = producerSubtask % channels; // spreads round-robin starts across producers
    }

    public void emit(Object record) throws InterruptedException, IOException {
        RECORDS_OUT.setOpaque(this, recordsOut + 1); // the single writer may read its own field plainly
        if (partitioner == PartitionerKind.BROADCAST) {
            for (int channel = 0; channel < channels; channel++) {
                append(channel, record);
            }
        } else {
            append(selectChannel(record), record);
        }
    }

    private int selectChannel(Object record) {
        if (channels == 1) {
            return 0;
        }
        return switch (partitioner) {
            case HASH -> Math.floorMod(mix(java.util.Objects.hashCode(Records.key(record))), channels);
            case RANDOM -> ThreadLocalRandom.current().nextInt(channels);
            default -> { // rebalance, rescale, and forward (which has one channel)
                int channel = nextChannel;
                nextChannel = channel + 1 == channels ? 0 : channel + 1;
                yield channel;
            }
        };
    }

    /** Murmur3's finaliser: keys with regular hash codes (small longs) still spread over the channels. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    private void append(int channel, Object record) throws InterruptedException, IOException {
        Object[] batch = batches[channel];
        batch[fill[channel]++] = record;
        if (fill[channel] == batchSize) {
            batches[channel] = new Object[batchSize];
            fill[channel] = 0;
            partition.add(channel, batch);
        }
    }

    /** Sends every partly filled batch. */
    public void flush() throws InterruptedException, IOException {
        for (int channel = 0; channel < channels; channel++) {
            int count = fill[channel];
            if (count > 0) {
                fill[channel] = 0;
                partition.add(channel, Arrays.copyOf(batches[channel], count));
                Arrays.fill(batches[channel], 0, count, null);
            }
        }
    }

    /** Flushes and marks the partition finished. */
    public void finish() throws InterruptedException, IOException {
        flush();
        partition.finish();
    }

    /** Records emitted so far; any thread. */
    public long recordsOut() {
        return (long) RECORDS_OUT.getOpaque(this);
    }
}
