package io.sluice.scheduler.pipelinedregion;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingPipelinedRegion;
import io.sluice.api.scheduling.SchedulingResultPartition;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingTopology;
import io.sluice.api.scheduling.ResultPartitionState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schedules a pipelined region once every blocking partition group it reads is complete: source regions at
 * start, the others as their producers finish. A region's tasks are requested together, in topological order.
 *
 * <p>State: the consumer regions of each blocking group (derived from the topology) and which regions were
 * requested. A replacement instance after a hot swap treats a region as requested when none of its tasks is
 * still CREATED, so it picks up exactly where the old one stopped.
 */
final class PipelinedRegionSchedulingStrategy implements SchedulingStrategy {
    private final SchedulerOperations operations;
    private final SchedulingTopology topology;
    private final Map<ConsumedPartitionGroup, List<SchedulingPipelinedRegion>> consumerRegions = new IdentityHashMap<>();
    /**
     * Groups a region reads partly from itself, where only the partitions produced elsewhere must be finished
     * first. By region index; {@code null} until a region reads a group partly from itself, as most jobs never do. */
    private List<Set<ConsumedPartitionGroup>> partlyOwn;
    /** The groups some region reads partly from itself: their consumers may be due before the whole group finished. */
    private Set<ConsumedPartitionGroup> partlyOwnGroups = Set.of();
    /** Requested regions, by region index. */
    private final boolean[] scheduled;

    PipelinedRegionSchedulingStrategy(SchedulerOperations operations, SchedulingTopology topology) {
        this.operations = operations;
        this.topology = topology;
        this.scheduled = new boolean[topology.getPipelinedRegionCount()];
        for (SchedulingPipelinedRegion region : topology.getAllPipelinedRegions()) {
            boolean reads = false;
            for (ConsumedPartitionGroup group : region.getAllBlockingConsumedPartitionGroups()) {
                consumerRegions.computeIfAbsent(group, g -> new ArrayList<>()).add(region);
                reads = true;
            }
            if (reads) {
                findPartlyOwn(region);
            }
            scheduled[region.getIndex()] = !anyCreated(region);
        }
    }

    /**
     * The groups the region reads that it also produces into. Found from its own produced partitions, so each
     * region costs its tasks and its inputs, and dense jobs stay linear; regions that read nothing cost nothing.
     */
    private void findPartlyOwn(SchedulingPipelinedRegion region) {
        Set<ConsumedPartitionGroup> reads = null;
        for (SchedulingExecutionVertex vertex : region.getVertices()) {
            for (SchedulingResultPartition partition : vertex.getProducedResults()) {
                if (!partition.getResultType().isBlocking()) {
                    continue;
                }
                if (reads == null) {
                    reads = Collections.newSetFromMap(new IdentityHashMap<>());
                    region.getAllBlockingConsumedPartitionGroups().forEach(reads::add);
                }
                for (ConsumedPartitionGroup group : partition.getConsumedPartitionGroups()) {
                    if (reads.contains(group)) {
                        if (partlyOwn == null) {
                            partlyOwn = new ArrayList<>(Collections.nCopies(topology.getPipelinedRegionCount(), null));
                            partlyOwnGroups = Collections.newSetFromMap(new IdentityHashMap<>());
                        }
                        if (partlyOwn.get(region.getIndex()) == null) {
                            partlyOwn.set(region.getIndex(), Collections.newSetFromMap(new IdentityHashMap<>()));
                        }
                        partlyOwn.get(region.getIndex()).add(group);
                        partlyOwnGroups.add(group);
                    }
                }
            }
        }
    }

    @Override
    public void startScheduling() {
        List<SchedulingPipelinedRegion> ready = new ArrayList<>();
        for (SchedulingPipelinedRegion region : topology.getAllPipelinedRegions()) {
            if (!scheduled[region.getIndex()] && inputsComplete(region)) {
                ready.add(region);
            }
        }
        schedule(ready);
    }

    @Override
    public void restartTasks(Set<ExecutionVertexId> verticesToRestart) {
        boolean[] restarted = new boolean[scheduled.length];
        for (ExecutionVertexId vertex : verticesToRestart) {
            int index = topology.getPipelinedRegionOfVertex(vertex).getIndex();
            restarted[index] = true;
            scheduled[index] = false;
        }
        List<SchedulingPipelinedRegion> ready = new ArrayList<>();
        for (SchedulingPipelinedRegion region : topology.getAllPipelinedRegions()) {
            if (restarted[region.getIndex()] && inputsComplete(region)) {
                ready.add(region); // in topology order, so producers are requested first
            }
        }
        schedule(ready);
    }

    /** Most tasks finish without completing a group, so nothing is allocated until a region becomes ready. */
    @Override
    public void onExecutionStateChange(ExecutionVertexId vertex, ExecutionState state) {
        if (state != ExecutionState.FINISHED) {
            return;
        }
        List<SchedulingPipelinedRegion> ready = null;
        for (SchedulingResultPartition partition : topology.getVertex(vertex).getProducedResults()) {
            if (!partition.getResultType().isBlocking()) {
                continue;
            }
            for (ConsumedPartitionGroup group : partition.getConsumedPartitionGroups()) {
                List<SchedulingPipelinedRegion> consumers = consumerRegions.get(group);
                // an unfinished group has no due consumer, unless one reads it partly from itself: all-to-all groups
                // (never partly own) stay one check per finished producer
                if (consumers == null || !group.areAllPartitionsFinished() && !partlyOwnGroups.contains(group)) {
                    continue;
                }
                for (SchedulingPipelinedRegion region : consumers) {
                    if (!scheduled[region.getIndex()] && inputsComplete(region)) {
                        if (ready == null) {
                            ready = new ArrayList<>();
                        }
                        ready.add(region);
                        scheduled[region.getIndex()] = true;
                    }
                }
            }
        }
        if (ready != null) {
            schedule(ready);
        }
    }

    @Override
    public void onPartitionConsumable(IntermediateResultPartitionId partition) {
        // pipelined consumers are in their producer's region and were requested with it
    }

    private boolean inputsComplete(SchedulingPipelinedRegion region) {
        Set<ConsumedPartitionGroup> own = partlyOwn == null ? null : partlyOwn.get(region.getIndex());
        for (ConsumedPartitionGroup group : region.getAllBlockingConsumedPartitionGroups()) {
            if (group.areAllPartitionsFinished()) {
                continue;
            }
            if (own == null || !own.contains(group)) {
                return false;
            }
            for (IntermediateResultPartitionId partition : group) {
                SchedulingResultPartition produced = topology.getResultPartition(partition);
                if (!region.contains(produced.getProducer().getId())
                        && produced.getState() != ResultPartitionState.ALL_DATA_PRODUCED) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean anyCreated(SchedulingPipelinedRegion region) {
        for (SchedulingExecutionVertex vertex : region.getVertices()) {
            if (vertex.getState() == ExecutionState.CREATED) {
                return true;
            }
        }
        return false;
    }

    /** One request for every ready region, region by region, each region's tasks in topological order. */
    private void schedule(List<SchedulingPipelinedRegion> regions) {
        List<ExecutionVertexId> vertices = new ArrayList<>();
        for (SchedulingPipelinedRegion region : regions) {
            scheduled[region.getIndex()] = true;
            for (SchedulingExecutionVertex vertex : region.getVertices()) {
                if (vertex.getState() == ExecutionState.CREATED) {
                    vertices.add(vertex.getId());
                }
            }
        }
        if (!vertices.isEmpty()) {
            operations.allocateSlotsAndDeploy(vertices);
        }
    }
}
