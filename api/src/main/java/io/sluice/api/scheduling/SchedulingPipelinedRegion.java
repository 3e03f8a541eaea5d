package io.sluice.api.scheduling;

import io.sluice.api.job.ExecutionVertexId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A maximal set of tasks connected by pipelined exchanges: they must run at the same time, so they are
 * scheduled together and, under region failover, restarted together.
 */
@ProviderType
public interface SchedulingPipelinedRegion {

    /**
     * This region's position in {@link SchedulingTopology#getAllPipelinedRegions()}: dense and 0-based, so
     * strategies can keep per-region state in arrays sized by {@link SchedulingTopology#getPipelinedRegionCount()}.
     */
    int getIndex();

    Iterable<? extends SchedulingExecutionVertex> getVertices();

    boolean contains(ExecutionVertexId vertex);

    /** The groups of blocking partitions that tasks of this region read from other regions. */
    Iterable<? extends ConsumedPartitionGroup> getAllBlockingConsumedPartitionGroups();
}
