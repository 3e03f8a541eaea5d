package io.sluice.network;

import io.sluice.shuffle.ResultPartitionKey;
import java.io.IOException;

/**
 * The producer's worker does not hold the partition a consumer asked for (never registered within the request
 * backoff, released, or the worker restarted): the failover strategy restarts the producer, as for a partition
 * lost with its worker.
 */
public final class PartitionNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient ResultPartitionKey partition;

    public PartitionNotFoundException(ResultPartitionKey partition, String message) {
        super(message);
        this.partition = partition;
    }

    public ResultPartitionKey partition() {
        return partition;
    }
}
