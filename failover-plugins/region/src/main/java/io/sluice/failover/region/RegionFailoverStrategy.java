package io.sluice.failover.region;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.failover.ResultPartitionAvailability;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.api.scheduling.ConsumerVertexGroup;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingPipelinedRegion;
import io.sluice.api.scheduling.SchedulingResultPartition;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The restart set of a failure of task t: region(t); plus, transitively, the producer region of every
 * blocking partition a region in the set reads that is no longer available; plus, transitively, every
 * consumer region of a region in the set, except a consumer region whose tasks have all FINISHED and whose
 * every input from regions in the set is deterministically partitioned: a re-run produces the same data
 * for it, so its results stand. Without finished consumers this is exactly Flink's
 * RestartPipelinedRegionFailoverStrategy.
 *
 * <p>Each partition group and consumer group is visited once per failure, so an all-to-all edge costs its
 * two parallelisms, never their product. The only state is derived from the topology (which regions each
 * consumer group reaches), built when the strategy is created.
 */
final class RegionFailoverStrategy implements FailoverStrategy {
    private final SchedulingTopology topology;
    private final ResultPartitionAvailability availability;
    /** The regions of each consumer group's tasks, resolved once: a failure walks arrays, not task ids. */
    private final Map<ConsumerVertexGroup, SchedulingPipelinedRegion[]> consumerRegions = new IdentityHashMap<>();

    RegionFailoverStrategy(SchedulingTopology topology, ResultPartitionAvailability availability) {
        this.topology = topology;
        this.availability = availability;
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            for (SchedulingResultPartition produced : vertex.getProducedResults()) {
                for (ConsumerVertexGroup consumers : produced.getConsumerVertexGroups()) {
                    consumerRegions.computeIfAbsent(consumers, this::regionsOf);
                }
            }
        }
    }

    /** Distinct regions of the group's tasks, in order; consecutive tasks usually share one. */
    private SchedulingPipelinedRegion[] regionsOf(ConsumerVertexGroup consumers) {
        List<SchedulingPipelinedRegion> regions = new ArrayList<>();
        SchedulingPipelinedRegion previous = null;
        for (ExecutionVertexId consumer : consumers) {
            SchedulingPipelinedRegion region = topology.getPipelinedRegionOfVertex(consumer);
            if (region != previous) {
                regions.add(region);
                previous = region;
            }
        }
        return regions.toArray(SchedulingPipelinedRegion[]::new);
    }

    @Override
    public Set<ExecutionVertexId> getTasksNeedingRestart(ExecutionVertexId failedTask, Throwable cause) {
        return new Search().run(topology.getPipelinedRegionOfVertex(failedTask));
    }

    /** One failure's walk over the region graph. */
    private final class Search {
        private final boolean[] restart = new boolean[topology.getPipelinedRegionCount()];
        private final List<SchedulingPipelinedRegion> ordered = new ArrayList<>();
        private final Deque<SchedulingPipelinedRegion> queue = new ArrayDeque<>();
        private final Set<ConsumedPartitionGroup> visitedInputs = identitySet();
        /** All-to-all groups are shared by many regions in a row: skip the set for the common repeat. */
        private ConsumedPartitionGroup lastInput;
        private final Set<ConsumerVertexGroup> visitedConsumers = identitySet();
        private final List<SchedulingPipelinedRegion> finishedConsumers = new ArrayList<>();
        private final boolean[] finishedConsumer = new boolean[restart.length];

        Set<ExecutionVertexId> run(SchedulingPipelinedRegion failed) {
            add(failed);
            boolean changed = true;
            while (changed) {
                drain();
                // a finished consumer kept so far must restart if the final set feeds it non-deterministic data
                changed = false;
                for (SchedulingPipelinedRegion candidate : List.copyOf(finishedConsumers)) {
                    if (!restart[candidate.getIndex()] && readsNonDeterministicDataFromRestart(candidate)) {
                        add(candidate);
                        changed = true;
                    }
                }
            }
            return new RegionTasks(ordered, restart);
        }

        private void add(SchedulingPipelinedRegion region) {
            if (!restart[region.getIndex()]) {
                restart[region.getIndex()] = true;
                ordered.add(region);
                queue.add(region);
            }
        }

        private void drain() {
            while (!queue.isEmpty()) {
                SchedulingPipelinedRegion region = queue.poll();
                for (ConsumedPartitionGroup group : region.getAllBlockingConsumedPartitionGroups()) {
                    if (group != lastInput && visitedInputs.add(group)) {
                        addProducersOfLostPartitions(group);
                    }
                    lastInput = group;
                }
                for (SchedulingExecutionVertex vertex : region.getVertices()) {
                    for (SchedulingResultPartition produced : vertex.getProducedResults()) {
                        for (ConsumerVertexGroup consumers : produced.getConsumerVertexGroups()) {
                            if (visitedConsumers.add(consumers)) {
                                addConsumers(consumers);
                            }
                        }
                    }
                }
            }
        }

        private void addProducersOfLostPartitions(ConsumedPartitionGroup group) {
            for (IntermediateResultPartitionId partition : group) {
                if (!availability.isAvailable(partition)) {
                    add(regionOfProducer(partition));
                }
            }
        }

        private void addConsumers(ConsumerVertexGroup consumers) {
            for (SchedulingPipelinedRegion region : consumerRegions.get(consumers)) {
                addConsumer(region);
            }
        }

        private void addConsumer(SchedulingPipelinedRegion consumer) {
            if (restart[consumer.getIndex()]) {
                return;
            }
            if (allFinished(consumer)) {
                if (!finishedConsumer[consumer.getIndex()]) {
                    finishedConsumer[consumer.getIndex()] = true;
                    finishedConsumers.add(consumer); // decided once the set is complete
                }
            } else {
                add(consumer);
            }
        }

        private boolean readsNonDeterministicDataFromRestart(SchedulingPipelinedRegion consumer) {
            Set<ConsumedPartitionGroup> seen = identitySet();
            for (SchedulingExecutionVertex vertex : consumer.getVertices()) {
                for (ConsumedPartitionGroup group : vertex.getConsumedPartitionGroups()) {
                    if (!seen.add(group)) {
                        continue;
                    }
                    Iterator<IntermediateResultPartitionId> partitions = group.iterator();
                    if (!partitions.hasNext()
                            || topology.getResultPartition(group.iterator().next()).getPartitioner().isDeterministic()) {
                        continue;
                    }
                    while (partitions.hasNext()) {
                        if (restart[regionOfProducer(partitions.next()).getIndex()]) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private SchedulingPipelinedRegion regionOfProducer(IntermediateResultPartitionId partition) {
            return topology.getPipelinedRegionOfVertex(topology.getResultPartition(partition).getProducer().getId());
        }
    }

    private static boolean allFinished(SchedulingPipelinedRegion region) {
        for (SchedulingExecutionVertex vertex : region.getVertices()) {
            if (vertex.getState() != ExecutionState.FINISHED) {
                return false;
            }
        }
        return true;
    }

    private static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * The tasks of the chosen regions as a set view: made in O(1), iterated region by region, its size counted
     * on first use. The JobMaster walks it once to cancel and reschedule; nobody pays for a hash set.
     */
    private final class RegionTasks extends AbstractSet<ExecutionVertexId> {
        private final List<SchedulingPipelinedRegion> regions;
        private final boolean[] members;
        private int size = -1;

        RegionTasks(List<SchedulingPipelinedRegion> regions, boolean[] members) {
            this.regions = regions;
            this.members = members;
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof ExecutionVertexId id)) {
                return false;
            }
            try {
                return members[topology.getPipelinedRegionOfVertex(id).getIndex()];
            } catch (IllegalArgumentException unknown) {
                return false;
            }
        }

        @Override
        public int size() {
            if (size < 0) {
                int count = 0;
                for (SchedulingPipelinedRegion region : regions) {
                    for (SchedulingExecutionVertex ignored : region.getVertices()) {
                        count++;
                    }
                }
                size = count;
            }
            return size;
        }

        @Override
        public Iterator<ExecutionVertexId> iterator() {
            return new Iterator<>() {
                private int region;
                private Iterator<? extends SchedulingExecutionVertex> vertices = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!vertices.hasNext() && region < regions.size()) {
                        vertices = regions.get(region++).getVertices().iterator();
                    }
                    return vertices.hasNext();
                }

                @Override
                public ExecutionVertexId next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return vertices.next().getId();
                }
            };
        }
    }
}
