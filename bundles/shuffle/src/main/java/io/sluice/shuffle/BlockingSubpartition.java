package io.sluice.shuffle;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Serialised batches kept until the job ends. Batches stay in memory while the partition's budget lasts; after
 * that this subpartition appends every further batch to its spill file, so reading memory first and then the
 * file returns them in the order written. Readable by any number of readers once the partition is finished —
 * a restarted consumer reads it again.
 */
final class BlockingSubpartition extends Subpartition {
    private final ResultPartition partition;
    private final int index;
    private final List<byte[]> inMemory = new ArrayList<>();
    /*
     * Set once by the producer while holding this monitor, which release() takes too: so release sees the file
     * and the fully built stream, and no file is created after it. The producer, their only writer, reads them
     * without the monitor; readers only after the partition is finished, which publishes them.
     */
    private Path spillFile;
    private DataOutputStream spillOut;
    private final List<Runnable> waitingReaders = new ArrayList<>();
    private volatile boolean released;

    BlockingSubpartition(ResultPartition partition, int index) {
        this.partition = partition;
        this.index = index;
    }

    @Override
    void add(Object[] batch) throws IOException {
        byte[] bytes = partition.codec().encode(batch, batch.length);
        if (spillOut == null && partition.reserveMemory(bytes.length)) {
            inMemory.add(bytes);
            return;
        }
        if (spillOut == null) {
            openSpillFile();
        }
        try {
            spillOut.writeInt(bytes.length);
            spillOut.write(bytes);
        } catch (IOException e) {
            if (released) { // release() closed the stream under the producer
                throw new PartitionException("partition " + partition.key() + " was released", e);
            }
            throw e;
        }
    }

    private synchronized void openSpillFile() throws IOException {
        if (released) {
            throw new PartitionException("partition " + partition.key() + " was released");
        }
        Path file = partition.spillFile(index);
        spillOut = new DataOutputStream(new BufferedOutputStream(partition.createSpillFile(file), 64 << 10));
        spillFile = file;
    }

    @Override
    void finish() throws IOException {
        if (spillOut != null) {
            spillOut.close();
        }
    }

    /** Called by the partition once it is finished, so that no reader registers after the wake-up. */
    void wakeReaders() {
        List<Runnable> toWake;
        synchronized (this) {
            toWake = List.copyOf(waitingReaders);
            waitingReaders.clear();
        }
        toWake.forEach(Runnable::run);
    }

    /** Whether some of this subpartition's data lives in its spill file. */
    synchronized boolean spilled() {
        return spillFile != null;
    }

    @Override
    synchronized SubpartitionReader createReader(Runnable onAvailable) {
        if (!partition.isFinished()) {
            waitingReaders.add(onAvailable);
        }
        return new SubpartitionReader() {
            private int next;
            private DataInputStream fromFile;
            private boolean done;

            @Override
            public Object[] poll() throws IOException {
                if (released) {
                    throw new PartitionException("partition " + partition.key() + " was released");
                }
                if (done) {
                    return END;
                }
                if (!partition.isFinished()) {
                    return null;
                }
                if (next < inMemory.size()) {
                    return RecordCodec.decode(inMemory.get(next++));
                }
                if (spillFile != null) {
                    if (fromFile == null) {
                        fromFile = new DataInputStream(new BufferedInputStream(Files.newInputStream(spillFile), 64 << 10));
                    }
                    try {
                        byte[] bytes = new byte[fromFile.readInt()];
                        fromFile.readFully(bytes);
                        return RecordCodec.decode(bytes);
                    } catch (EOFException end) {
                        close();
                    }
                }
                done = true;
                return END;
            }

            @Override
            public void close() {
                if (fromFile != null) {
                    try {
                        fromFile.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    fromFile = null;
                }
            }
        };
    }

    @Override
    void release(List<IOException> failures) {
        DataOutputStream out;
        Path file;
        synchronized (this) {
            released = true; // readers may still be on the in-memory list: it goes with the partition
            out = spillOut;
            file = spillFile;
        }
        if (file != null) {
            try {
                out.close(); // a producer still writing fails on it
            } catch (IOException e) {
                // what it could not flush is garbage now: the file goes all the same
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failures.add(new IOException("partition " + partition.key() + ": could not delete spill file "
                        + file + " (" + e + ")", e));
            }
        }
        wakeReaders();
    }
}
