package io.sluice.shuffle;

import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import java.util.Objects;

/**
 * One partition as written by one execution attempt of its producer: a restarted producer writes a new one. The
 * graph is the producer's ExecutionGraph id (one per JobMaster run), so a run of a job recovered by a new master
 * never reads, or releases, a partition an earlier run left on a worker that outlived it.
 */
public record ResultPartitionKey(JobId job, String graph, IntermediateResultPartitionId partition, int producerAttempt) {
    public ResultPartitionKey {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(partition, "partition");
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode
    @Override
    public boolean equals(Object o) {
        return o instanceof ResultPartitionKey other && producerAttempt == other.producerAttempt
                && partition.equals(other.partition) && graph.equals(other.graph) && job.equals(other.job);
    }

    @Override
    public int hashCode() {
        return ((job.hashCode() * 31 + graph.hashCode()) * 31 + partition.hashCode()) * 31 + producerAttempt;
    }

    @Override
    public String toString() {
        return partition + " (attempt " + producerAttempt + ")";
    }
}
