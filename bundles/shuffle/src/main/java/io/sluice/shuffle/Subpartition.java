package io.sluice.shuffle;

import java.io.IOException;
import java.util.List;

/** One consumer channel's share of a result partition: written by the producer's thread, read by one consumer. */
abstract class Subpartition {

    /** Appends a batch; every element of the array is a record. Pipelined subpartitions block while full. */
    abstract void add(Object[] batch) throws InterruptedException, IOException;

    /** No more batches: readers see {@link SubpartitionReader#END} after the last one. */
    abstract void finish() throws InterruptedException, IOException;

    /** A reader that calls {@code onAvailable} (from any thread) when new data may be there. */
    abstract SubpartitionReader createReader(Runnable onAvailable);

    /**
     * Drops the data and wakes whoever waits on this subpartition. Never throws for a file it cannot delete: it
     * adds that to {@code failures} and goes on, so that the rest of the partition is released all the same.
     */
    abstract void release(List<IOException> failures);
}
