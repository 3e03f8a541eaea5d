package io.sluice.executiongraph;

import io.sluice.api.job.ExecutionVertexId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when blocking partitions can be released: a group of partitions is released once every region
 * that reads it has finished (Flink's RegionPartitionGroupReleaseStrategy). Counters make each task
 * finishing O(its region's inputs), however many regions consume a group.
 */
public final class PartitionReleaseStrategy {
    private final ExecutionGraph graph;
    private final int[] unfinishedTasks;
    private final Map<PartitionGroup, int[]> unfinishedConsumerRegions = new IdentityHashMap<>();

    public PartitionReleaseStrategy(ExecutionGraph graph) {
        this.graph = graph;
        List<PipelinedRegion> regions = graph.getAllPipelinedRegions();
        this.unfinishedTasks = new int[regions.size()];
        for (PipelinedRegion region : regions) {
            unfinishedTasks[region.getIndex()] = region.size();
            for (PartitionGroup group : region.getAllBlockingConsumedPartitionGroups()) {
                unfinishedConsumerRegions.computeIfAbsent(group, g -> new int[1])[0]++;
            }
        }
    }

    /** The task finished; returns the partition groups that no unfinished region reads any more. */
    public List<PartitionGroup> vertexFinished(ExecutionVertexId vertex) {
        PipelinedRegion region = graph.getVertex(vertex).region();
        if (--unfinishedTasks[region.getIndex()] > 0) {
            return List.of();
        }
        List<PartitionGroup> releasable = new ArrayList<>();
        for (PartitionGroup group : region.getAllBlockingConsumedPartitionGroups()) {
            if (--unfinishedConsumerRegions.get(group)[0] == 0) {
                releasable.add(group);
            }
        }
        return releasable;
    }

    /** A finished task runs again (failover): its region's inputs are needed again. */
    public void vertexUnfinished(ExecutionVertexId vertex) {
        PipelinedRegion region = graph.getVertex(vertex).region();
        if (unfinishedTasks[region.getIndex()]++ > 0) {
            return;
        }
        for (PartitionGroup group : region.getAllBlockingConsumedPartitionGroups()) {
            unfinishedConsumerRegions.get(group)[0]++;
        }
    }
}
