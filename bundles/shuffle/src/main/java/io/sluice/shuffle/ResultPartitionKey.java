package io.sluice.shuffle;

import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import java.util.Objects;

/** One partition as written by one execution attempt of its producer: a restarted producer writes a new one. */
public record ResultPartitionKey(JobId job, IntermediateResultPartitionId partition, int producerAttempt) {
    public ResultPartitionKey {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(partition, "partition");
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode
    @Override
    public boolean equals(Object o) {
        return o instanceof ResultPartitionKey other && producerAttempt == other.producerAttempt
                && partition.equals(other.partition) && job.equals(other.job);
    }

    @Override
    public int hashCode() {
        return (job.hashCode() * 31 + partition.hashCode()) * 31 + producerAttempt;
    }

    @Override
    public String toString() {
        return partition + " (attempt " + producerAttempt + ")";
    }
}
