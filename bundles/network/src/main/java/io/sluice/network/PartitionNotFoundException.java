package io.sluice.network;

import io.sluice.shuffle.PartitionUnavailableException;
import io.sluice.shuffle.ResultPartitionKey;

/**
 * The producer's worker does not hold the partition a consumer asked for (never registered within the request
 * backoff, released, or the worker restarted): the failover strategy restarts the producer, as for a partition
 * lost with its worker.
 */
public final class PartitionNotFoundException extends PartitionUnavailableException {
    private static final long serialVersionUID = 1L;

    public PartitionNotFoundException(ResultPartitionKey partition, String message) {
        super(partition, message);
    }
}
