package io.sluice.jobmaster.internal;

import io.sluice.api.job.DistributionPattern;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionJobVertex;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.IntermediateResultPartition;
import io.sluice.executiongraph.PartitionGroup;
import io.sluice.executiongraph.VertexGroup;
import io.sluice.rpc.gateway.TaskDeploymentDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the deployment descriptors of a job's tasks. All consumers of a partition group share one list of the
 * group's partition locations, so deploying an all-to-all edge costs one list per group, not one entry per
 * producer and consumer. Reads the executions the Scheduler keeps; JobMaster main thread only.
 */
final class TaskDeployments {
    private final JobId job;
    private final ExecutionGraph graph;
    private final Execution[] executions;
    private final Map<PartitionGroup, List<TaskDeploymentDescriptor.PartitionLocation>> partitionLocations =
            new IdentityHashMap<>();
    /** Consumers deployed before a producer of theirs was placed, by that producer's partition, with the attempt. */
    private final Map<IntermediateResultPartitionId, List<Waiting>> awaitingLocation = new HashMap<>();

    private record Waiting(Execution consumer, int attempt) {
    }

    /** Where a consumer deployed early reads partitions that are placed now. */
    record LocationUpdate(Execution consumer, List<TaskDeploymentDescriptor.PartitionLocation> partitions) {
    }

    TaskDeployments(JobId job, ExecutionGraph graph, Execution[] executions) {
        this.job = job;
        this.graph = graph;
        this.executions = executions;
    }

    /** What the TaskExecutor needs to run the execution's current attempt in its slot. */
    TaskDeploymentDescriptor of(Execution execution) {
        ExecutionVertex vertex = execution.vertex;
        List<TaskDeploymentDescriptor.InputGate> inputs = new ArrayList<>();
        for (PartitionGroup group : vertex.getConsumedPartitionGroups()) {
            boolean allToAll = group.result().partitioner().distributionPattern() == DistributionPattern.ALL_TO_ALL;
            int subpartition = allToAll ? vertex.subtaskIndex()
                    : vertex.subtaskIndex() - group.getConsumerVertexGroup().firstSubtask();
            List<TaskDeploymentDescriptor.PartitionLocation> locations = locationsOf(group, vertex);
            if (!partitionLocations.containsKey(group)) { // not cached: a producer is not placed yet
                for (TaskDeploymentDescriptor.PartitionLocation location : locations) {
                    if (!location.isPlaced()) {
                        awaitingLocation.computeIfAbsent(location.partition(), p -> new ArrayList<>())
                                .add(new Waiting(execution, execution.attemptNumber));
                    }
                }
            }
            inputs.add(new TaskDeploymentDescriptor.InputGate(locations, subpartition));
        }
        List<TaskDeploymentDescriptor.Output> outputs = new ArrayList<>();
        for (IntermediateResultPartition partition : vertex.getProducedResults()) {
            VertexGroup consumers = partition.getConsumerVertexGroups().get(0);
            outputs.add(new TaskDeploymentDescriptor.Output(partition.getId(), partition.getResultType(),
                    partition.getPartitioner(), consumers.size()));
        }
        ExecutionJobVertex jobVertex = vertex.jobVertex();
        return new TaskDeploymentDescriptor(job, graph.jobGraph().name(), execution.attemptId(),
                execution.slot.allocation(), jobVertex.parallelism(), jobVertex.jobVertex().operators(), inputs, outputs);
    }

    /**
     * Where the partitions of a group are, as one list shared by all its consumers. Cached once every producer
     * is placed, which holds as long as no producer gets a new attempt: restarting a producer must drop its groups.
     */
    private List<TaskDeploymentDescriptor.PartitionLocation> locationsOf(PartitionGroup group, ExecutionVertex consumer) {
        List<TaskDeploymentDescriptor.PartitionLocation> cached = partitionLocations.get(group);
        if (cached != null) {
            return cached;
        }
        List<TaskDeploymentDescriptor.PartitionLocation> locations = new ArrayList<>(group.size());
        boolean allPlaced = true;
        for (int i = 0; i < group.size(); i++) {
            IntermediateResultPartition partition = group.partition(i);
            Execution producer = executions[partition.getProducer().index()];
            if (producer.state() == ExecutionState.CREATED) {
                throw new IllegalStateException("task " + consumer.getId() + " was scheduled before its producer "
                        + producer.vertex.getId() + ": the scheduling strategy must request producers first");
            }
            allPlaced &= producer.slot != null;
            locations.add(location(partition, producer));
        }
        List<TaskDeploymentDescriptor.PartitionLocation> shared = List.copyOf(locations);
        if (allPlaced) {
            partitionLocations.put(group, shared);
        }
        return shared;
    }

    /**
     * The producer was placed: the consumers deployed before it that still run the attempt they were deployed as
     * hear where its partitions are, one update per consumer.
     */
    List<LocationUpdate> placed(Execution producer) {
        Map<Execution, List<TaskDeploymentDescriptor.PartitionLocation>> updates = new IdentityHashMap<>();
        for (IntermediateResultPartition partition : producer.vertex.getProducedResults()) {
            List<Waiting> waiting = awaitingLocation.remove(partition.getId());
            if (waiting == null) {
                continue;
            }
            TaskDeploymentDescriptor.PartitionLocation location = location(partition, producer);
            for (Waiting consumer : waiting) {
                if (consumer.consumer().attemptNumber == consumer.attempt() && consumer.consumer().isDeployed()) {
                    updates.computeIfAbsent(consumer.consumer(), c -> new ArrayList<>()).add(location);
                }
            }
        }
        List<LocationUpdate> result = new ArrayList<>(updates.size());
        updates.forEach((consumer, locations) -> result.add(new LocationUpdate(consumer, locations)));
        return result;
    }

    /** Where the producer's current attempt writes the partition; not placed while it has no slot. */
    private static TaskDeploymentDescriptor.PartitionLocation location(IntermediateResultPartition partition,
            Execution producer) {
        return new TaskDeploymentDescriptor.PartitionLocation(partition.getId(), producer.attemptId(),
                producer.slot == null ? null : producer.slot.slot().worker(),
                producer.slot == null ? null : producer.slot.dataAddress());
    }

    /** The partition gets a new attempt or is lost: its consumers must look up where it is again. */
    void forgetLocationsOf(IntermediateResultPartition partition) {
        partition.getConsumedPartitionGroups().forEach(partitionLocations::remove);
    }
}
