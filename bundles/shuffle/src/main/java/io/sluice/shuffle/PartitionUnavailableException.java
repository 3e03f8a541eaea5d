package io.sluice.shuffle;

import java.io.IOException;

/**
 * A consumer cannot read a partition: its producer's worker does not hold it (any more), or the connection to that
 * worker broke. Unlike other failures it says which partition, so that the JobMaster treats it as lost and the
 * failover strategy restarts its producer too (Flink's PartitionException).
 */
public class PartitionUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient ResultPartitionKey partition;

    public PartitionUnavailableException(ResultPartitionKey partition, String message) {
        super(message);
        this.partition = partition;
    }

    public ResultPartitionKey partition() {
        return partition;
    }
}
