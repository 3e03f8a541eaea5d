package io.sluice.api.scheduling;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only view of a job's execution graph: tasks (execution vertices), the partitions they produce and
 * consume, and the pipelined regions. All-to-all connections are shared groups, so the view costs
 * O(tasks + edges) however dense the job is. Read it only on the JobMaster's main thread.
 */
@ProviderType
public interface SchedulingTopology {

    /** Every execution vertex, producers before consumers. */
    Iterable<? extends SchedulingExecutionVertex> getVertices();

    /** The vertex with this id; throws {@link IllegalArgumentException} for an unknown id. */
    SchedulingExecutionVertex getVertex(ExecutionVertexId id);

    /** The partition with this id; throws {@link IllegalArgumentException} for an unknown id. */
    SchedulingResultPartition getResultPartition(IntermediateResultPartitionId id);

    /** The pipelined regions: the sets of tasks connected by pipelined exchanges. */
    Iterable<? extends SchedulingPipelinedRegion> getAllPipelinedRegions();

    SchedulingPipelinedRegion getPipelinedRegionOfVertex(ExecutionVertexId id);

    /** How many pipelined regions there are; region indices run from 0 to this count, exclusive. */
    int getPipelinedRegionCount();
}
