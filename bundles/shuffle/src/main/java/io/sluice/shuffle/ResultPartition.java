package io.sluice.shuffle;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResultPartitionType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Drops the data, deletes spill files (and the job's spill folder once it is empty), gives back the memory,
     * and fails anyone still writing or reading it. Idempotent.
     *
     * @return the files that could not be deleted, each failure naming its file; the rest is released regardless
     */
    public List<IOException> release() {
        if (released) {
            return List.of();
        }
        released = true;
        List<IOException> failures = new ArrayList<>(0);
        try {
            for (Subpartition subpartition : subpartitions) {
                subpartition.release(failures);
            }
            if (type.isBlocking()) {
                deleteJobFolderIfEmpty(failures);
            }
        } finally {
            settings.blockingMemory().release(memoryUsed.getAndSet(0));
        }
        return failures;
    }

    /**
     * Any partition of the job may try: the last one to go succeeds. Removing a folder that holds a file fails,
     * so no spill file is lost; a partition that creates its file just then makes the folder again.
     */
    private void deleteJobFolderIfEmpty(List<IOException> failures) {
        Path folder = jobFolder(settings.spillDirectory(), key.job());
        try {
            Files.deleteIfExists(folder);
        } catch (DirectoryNotEmptyException stillUsed) {
            // by another partition of the job, or by a file whose failed delete is reported already
        } catch (IOException e) {
            failures.add(new IOException("job " + key.job() + ": could not delete spill folder " + folder + " ("
                    + e + ")", e));
        }
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

    /** The folder a job's partitions spill into; a job's folders are named after its id only. */
    static Path jobFolder(Path spillDirectory, JobId job) {
        return spillDirectory.resolve(job.value());
    }

    Path spillFile(int subpartition) {
        return jobFolder(settings.spillDirectory(), key.job()).resolve(key.partition().dataSetId().value()
                .replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + key.partition().partitionIndex() + "-"
                + key.graph().replaceAll("[^A-Za-z0-9_.-]", "_") + "-attempt" + key.producerAttempt() + "-sub"
                + subpartition + ".spill");
    }

    /** Creates {@code file}, and its job's folder if needed. */
    OutputStream createSpillFile(Path file) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path folder = file.getParent();
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new IOException("partition " + key + ": cannot create spill folder " + folder + " (" + e + ")",
                        e);
            }
            try {
                return Files.newOutputStream(file);
            } catch (NoSuchFileException e) {
                // the last released partition of the job took the empty folder in between: make it again
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public String toString() {
        return type + " partition " + key + " (" + subpartitions.length + " subpartitions)";
    }
}
