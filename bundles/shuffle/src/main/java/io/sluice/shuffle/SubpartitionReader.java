package io.sluice.shuffle;

import java.io.IOException;

/** Reads one subpartition, on the consuming task's thread. */
public interface SubpartitionReader {

    /** The end of the subpartition, returned by {@link #poll()} once after the last batch. */
    Object[] END = new Object[0];

    /** The next batch, {@link #END} after the last one, or {@code null} when nothing is there yet. */
    Object[] poll() throws IOException;

    /** Stops reading early (the consumer was cancelled); frees what the reader holds. */
    void close();
}
