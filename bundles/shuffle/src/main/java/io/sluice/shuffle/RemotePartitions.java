package io.sluice.shuffle;

import java.io.IOException;

/**
 * The partitions other worker processes hold, as this worker reads them: its network data plane. A worker without
 * one (every worker of the embedded platform) finds all partitions in its JVM's {@link PartitionRegistry}.
 */
public interface RemotePartitions {

    /** {@code host:port} of this worker's data port, where the partitions its tasks write are read from. */
    String dataAddress();

    /** The remote channels of one input gate, which share the gate's floating buffers. */
    Gate newGate();

    /** Opens the remote channels of one input gate. */
    interface Gate extends AutoCloseable {
        /**
         * Sets aside the buffers of {@code channels} remote channels before any of them opens, so that what the
         * gate's first channels borrow cannot leave its last ones without; waits a bounded time for buffers that
         * other channels are about to give back.
         *
         * @throws IOException when the worker's network memory cannot hold them, naming the setting
         */
        void reserve(int channels) throws IOException;

        /** The gate is done: buffers it set aside and did not use go back. */
        @Override
        void close();

        /**
         * Starts reading subpartition {@code subpartition} of {@code partition} at the data port {@code dataAddress};
         * {@code onAvailable} runs (on any thread) when data may be there.
         *
         * @throws IOException when the channel cannot be set up (not enough network buffers, a bad address)
         */
        SubpartitionReader open(String dataAddress, ResultPartitionKey partition, int subpartition,
                Runnable onAvailable) throws IOException;
    }
}
