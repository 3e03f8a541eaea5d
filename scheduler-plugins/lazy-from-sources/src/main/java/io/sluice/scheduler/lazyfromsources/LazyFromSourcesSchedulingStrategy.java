package io.sluice.scheduler.lazyfromsources;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.api.scheduling.ConsumerVertexGroup;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingResultPartition;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Flink's lazy-from-sources scheduling, task by task: a task is due once every blocking input is complete and
 * every pipelined producer is requested. Sources are due at once; a task requested pulls in its pipelined
 * consumers in the same request (a pipelined consumer must run while its producer writes, or the producer
 * stalls on a full channel); a finished blocking partition group makes its consumers due.
 *
 * <p>State: none beyond the topology and the current execution states, so a replacement instance after a hot
 * swap picks up where the old one stopped.
 */
final class LazyFromSourcesSchedulingStrategy implements SchedulingStrategy {
    private final SchedulerOperations operations;
    private final SchedulingTopology topology;

    LazyFromSourcesSchedulingStrategy(SchedulerOperations operations, SchedulingTopology topology) {
        this.operations = operations;
        this.topology = topology;
    }

    @Override
    public void startScheduling() {
        List<SchedulingExecutionVertex> candidates = new ArrayList<>();
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            if (vertex.getState() == ExecutionState.CREATED) {
                candidates.add(vertex);
            }
        }
        schedule(candidates);
    }

    @Override
    public void restartTasks(Set<ExecutionVertexId> verticesToRestart) {
        List<SchedulingExecutionVertex> candidates = new ArrayList<>();
        for (SchedulingExecutionVertex vertex : topology.getVertices()) { // topological order: producers first
            if (verticesToRestart.contains(vertex.getId())) {
                candidates.add(vertex);
            }
        }
        schedule(candidates);
    }

    @Override
    public void onExecutionStateChange(ExecutionVertexId vertex, ExecutionState state) {
        if (state != ExecutionState.FINISHED) {
            return;
        }
        List<SchedulingExecutionVertex> candidates = new ArrayList<>();
        for (SchedulingResultPartition partition : topology.getVertex(vertex).getProducedResults()) {
            if (!partition.getResultType().isBlocking()) {
                continue;
            }
            for (ConsumedPartitionGroup group : partition.getConsumedPartitionGroups()) {
                if (group.areAllPartitionsFinished()) {
                    for (ExecutionVertexId consumer : group.getConsumerVertexGroup()) {
                        candidates.add(topology.getVertex(consumer));
                    }
                }
            }
        }
        schedule(candidates);
    }

    @Override
    public void onPartitionConsumable(IntermediateResultPartitionId partition) {
        // pipelined consumers were requested with their producers
    }

    /** Requests every due candidate, and with it, transitively, its due pipelined consumers — in one request. */
    private void schedule(List<SchedulingExecutionVertex> candidates) {
        Set<ExecutionVertexId> requested = new LinkedHashSet<>();
        Set<ExecutionVertexId> queued = new HashSet<>();
        Deque<SchedulingExecutionVertex> work = new ArrayDeque<>(candidates);
        candidates.forEach(vertex -> queued.add(vertex.getId()));
        while (!work.isEmpty()) {
            SchedulingExecutionVertex vertex = work.poll();
            queued.remove(vertex.getId());
            if (vertex.getState() != ExecutionState.CREATED || requested.contains(vertex.getId())
                    || !isDue(vertex, requested)) {
                continue;
            }
            requested.add(vertex.getId());
            for (SchedulingResultPartition partition : vertex.getProducedResults()) {
                if (partition.getResultType().isBlocking()) {
                    continue;
                }
                for (ConsumerVertexGroup consumers : partition.getConsumerVertexGroups()) {
                    for (ExecutionVertexId consumer : consumers) {
                        if (queued.add(consumer)) {
                            work.add(topology.getVertex(consumer));
                        }
                    }
                }
            }
        }
        if (!requested.isEmpty()) {
            operations.allocateSlotsAndDeploy(List.copyOf(requested));
        }
    }

    private boolean isDue(SchedulingExecutionVertex vertex, Set<ExecutionVertexId> requestedNow) {
        for (ConsumedPartitionGroup group : vertex.getConsumedPartitionGroups()) {
            if (group.getResultPartitionType().isBlocking()) {
                if (!group.areAllPartitionsFinished()) {
                    return false;
                }
                continue;
            }
            for (IntermediateResultPartitionId id : group) {
                SchedulingExecutionVertex producer = topology.getResultPartition(id).getProducer();
                if (producer.getState() == ExecutionState.CREATED && !requestedNow.contains(producer.getId())) {
                    return false;
                }
            }
        }
        return true;
    }
}
