package io.sluice.shuffle;

import io.sluice.api.job.ResultPartitionType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one producer subtask writes for one data set: one subpartition per consumer channel. Written by the
 * producer's thread only; read by consumers through {@link #createReader}.
 */
public final class ResultPartition {
    private final ResultPartitionKey key;
    private final ResultPartitionType type;
    private final ShuffleSettings settings;
    private final Subpartition[] subpartitions;
    private final AtomicInteger unconsumed;
    private final RecordCodec codec;
    /** What this partition took of the budget: given back when it is released. */
    private final java.util.concurrent.atomic.AtomicLong memoryUsed = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean finished;
    private volatile boolean released;
    private volatile Runnable onConsumed = () -> { };

    public ResultPartition(ResultPartitionKey key, ResultPartitionType type, int numberOfSubpartitions,
            ShuffleSettings settings) {
        if (numberOfSubpartitions < 1) {
            throw new IllegalArgumentException("partition " + key + " needs at least one subpartition");
        }
        this.key = key;
        this.type = type;
        this.settings = settings;
        this.subpartitions = new Subpartition[numberOfSubpartitions];
        for (int i = 0; i < numberOfSubpartitions; i++) {
            subpartitions[i] = type.isBlocking() ? new BlockingSubpartition(this, i)
                    : new PipelinedSubpartition(this, settings.batchesPerChannel());
        }
        this.unconsumed = new AtomicInteger(numberOfSubpartitions);
        this.codec = type.isBlocking() ? new RecordCodec() : null;
    }

    public ResultPartitionKey key() {
        return key;
    }

    public ResultPartitionType type() {
        return type;
    }

    public int numberOfSubpartitions() {
        return subpartitions.length;
    }

    /** Appends a batch to a subpartition; the array is handed over and must not be touched afterwards. */
    public void add(int subpartition, Object[] batch) throws InterruptedException, IOException {
        subpartitions[subpartition].add(batch);
    }

    /** Every record is written: readers reach the end; a blocking partition becomes readable. */
    public void finish() throws InterruptedException, IOException {
        for (Subpartition subpartition : subpartitions) {
            subpartition.finish();
        }
        finished = true;
        if (type.isBlocking()) {
            for (Subpartition subpartition : subpartitions) {
                ((BlockingSubpartition) subpartition).wakeReaders();
            }
        }
    }

    public boolean isFinished() {
        return finished;
    }

    public boolean isReleased() {
        return released;
    }

    /** A reader of subpartition {@code index}; {@code onAvailable} is called from any thread when data may be there. */
    public SubpartitionReader createReader(int index, Runnable onAvailable) {
        if (released) {
            throw new PartitionException("partition " + key + " was released");
        }
        if (index < 0 || index >= subpartitions.length) {
            throw new PartitionException("partition " + key + " has no subpartition " + index + " (it has "
                    + subpartitions.length + ")");
        }
        return subpartitions[index].createReader(onAvailable);
    }

    /** Drops the data, deletes spill files, and fails anyone still writing or reading it. Idempotent. */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        for (Subpartition subpartition : subpartitions) {
            subpartition.release();
        }
        settings.blockingMemory().release(memoryUsed.getAndSet(0));
    }

    /** Whether any subpartition spilled to disk. */
    public boolean spilled() {
        for (Subpartition subpartition : subpartitions) {
            if (subpartition instanceof BlockingSubpartition blocking && blocking.spilled()) {
                return true;
            }
        }
        return false;
    }

    /** Called once every pipelined subpartition was read to its end: the registry forgets the partition. */
    void onConsumed(Runnable action) {
        this.onConsumed = action;
    }

    void subpartitionConsumed() {
        if (unconsumed.decrementAndGet() == 0) {
            onConsumed.run();
        }
    }

    RecordCodec codec() {
        return codec;
    }

    /** Takes {@code bytes} of the shared in-memory budget if they fit. Producer thread only. */
    boolean reserveMemory(long bytes) {
        if (!settings.blockingMemory().tryReserve(bytes)) {
            return false;
        }
        memoryUsed.addAndGet(bytes);
        if (released) { // released meanwhile by another thread: nothing will give these bytes back later
            settings.blockingMemory().release(memoryUsed.getAndSet(0));
        }
        return true;
    }

    Path spillFile(int subpartition) {
        Path directory = settings.spillDirectory().resolve(key.job().value());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spill directory " + directory, e);
        }
        return directory.resolve(key.partition().dataSetId().value().replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                + key.partition().partitionIndex() + "-attempt" + key.producerAttempt() + "-sub" + subpartition
                + ".spill");
    }

    @Override
    public String toString() {
        return type + " partition " + key + " (" + subpartitions.length + " subpartitions)";
    }
}
