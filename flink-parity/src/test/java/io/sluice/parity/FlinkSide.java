package io.sluice.parity;

import io.sluice.api.job.DistributionPattern;
import io.sluice.api.job.PartitionerKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.DefaultExecutionGraph;
import org.apache.flink.runtime.executiongraph.ExecutionGraphTestUtils;
import org.apache.flink.runtime.executiongraph.ExecutionVertex;
import org.apache.flink.runtime.executiongraph.failover.RestartPipelinedRegionFailoverStrategy;
import org.apache.flink.runtime.io.network.partition.ResultPartitionType;
import org.apache.flink.runtime.jobgraph.IntermediateDataSetID;
import org.apache.flink.runtime.jobgraph.IntermediateResultPartitionID;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.scheduler.strategy.ConsumedPartitionGroup;
import org.apache.flink.runtime.scheduler.strategy.ConsumerVertexGroup;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.apache.flink.runtime.scheduler.strategy.SchedulingExecutionVertex;
import org.apache.flink.runtime.scheduler.strategy.SchedulingPipelinedRegion;
import org.apache.flink.runtime.scheduler.strategy.SchedulingResultPartition;
import org.apache.flink.runtime.scheduler.strategy.SchedulingTopology;
import org.apache.flink.runtime.testtasks.NoOpInvokable;

/** A {@link JobShape} as Flink 2.1 sees it: its JobGraph, ExecutionGraph and DefaultExecutionTopology. */
final class FlinkSide {
    private final JobShape shape;
    private final SchedulingTopology topology;
    private final Map<JobVertexID, String> names = new HashMap<>();
    private final Map<String, JobVertexID> ids = new HashMap<>();
    private final Map<IntermediateDataSetID, Integer> edgeOfDataSet = new HashMap<>();

    FlinkSide(JobShape shape, ScheduledExecutorService executor) throws Exception {
        this.shape = shape;
        List<JobVertex> vertices = new ArrayList<>();
        for (int v = 0; v < shape.parallelisms().size(); v++) {
            JobVertex vertex = new JobVertex(JobShape.name(v));
            vertex.setParallelism(shape.parallelisms().get(v));
            vertex.setInvokableClass(NoOpInvokable.class);
            vertices.add(vertex);
            names.put(vertex.getID(), vertex.getName());
            ids.put(vertex.getName(), vertex.getID());
        }
        for (int e = 0; e < shape.edges().size(); e++) {
            JobShape.Edge edge = shape.edges().get(e);
            IntermediateDataSetID dataSet = new IntermediateDataSetID();
            edgeOfDataSet.put(dataSet, e);
            boolean allToAll = edge.partitioner().distributionPattern() == DistributionPattern.ALL_TO_ALL;
            vertices.get(edge.to()).connectNewDataSetAsInput(vertices.get(edge.from()),
                    allToAll ? org.apache.flink.runtime.jobgraph.DistributionPattern.ALL_TO_ALL
                            : org.apache.flink.runtime.jobgraph.DistributionPattern.POINTWISE,
                    edge.type().isBlocking() ? ResultPartitionType.BLOCKING : ResultPartitionType.PIPELINED_BOUNDED,
                    dataSet, false, edge.partitioner() == PartitionerKind.FORWARD);
        }
        DefaultExecutionGraph graph = ExecutionGraphTestUtils.createExecutionGraph(executor,
                vertices.toArray(JobVertex[]::new));
        // Flink's region failover leaves out tasks that never started: every task runs, as in Sluice's checks
        for (ExecutionVertex vertex : graph.getAllExecutionVertices()) {
            ExecutionGraphTestUtils.setVertexState(vertex, ExecutionState.RUNNING);
        }
        this.topology = graph.getSchedulingTopology();
    }

    String name(ExecutionVertexID id) {
        return names.get(id.getJobVertexId()) + "#" + id.getSubtaskIndex();
    }

    ExecutionVertexID id(String task) {
        int hash = task.lastIndexOf('#');
        return new ExecutionVertexID(ids.get(task.substring(0, hash)), Integer.parseInt(task.substring(hash + 1)));
    }

    /** {@code e<edge>:<partition>}, the same name {@link SluiceSide} gives it. */
    String name(IntermediateResultPartitionID partition) {
        return "e" + edgeOfDataSet.get(partition.getIntermediateDataSetID()) + ":" + partition.getPartitionNumber();
    }

    List<Set<String>> regions() {
        List<Set<String>> regions = new ArrayList<>();
        for (SchedulingPipelinedRegion region : topology.getAllPipelinedRegions()) {
            Set<String> tasks = new TreeSet<>();
            for (SchedulingExecutionVertex vertex : region.getVertices()) {
                tasks.add(name(vertex.getId()));
            }
            regions.add(tasks);
        }
        return regions;
    }

    /** Per task, the tasks whose partitions it reads; for the region graph. */
    Map<String, Set<String>> producersOfEachTask() {
        Map<String, Set<String>> producers = new HashMap<>();
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            for (SchedulingResultPartition partition : vertex.getProducedResults()) {
                for (ConsumerVertexGroup consumers : partition.getConsumerVertexGroups()) {
                    for (ExecutionVertexID consumer : consumers) {
                        producers.computeIfAbsent(name(consumer), c -> new TreeSet<>()).add(name(vertex.getId()));
                    }
                }
            }
        }
        return producers;
    }

    record Connection(int edge, String producer, String consumer) {
    }

    /** Every producer-consumer pair of tasks, per edge. */
    List<Connection> connections() {
        List<Connection> connections = new ArrayList<>();
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            for (ConsumedPartitionGroup group : vertex.getConsumedPartitionGroups()) {
                for (IntermediateResultPartitionID partition : group) {
                    String producer = producerOf(name(partition));
                    connections.add(new Connection(edgeOfDataSet.get(partition.getIntermediateDataSetID()), producer,
                            name(vertex.getId())));
                }
            }
        }
        return connections;
    }

    /** Per task, its blocking partition groups, each as its sorted partition names. */
    Map<String, List<Set<String>>> blockingGroupsOfEachTask() {
        Map<String, List<Set<String>>> groups = new HashMap<>();
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            List<Set<String>> own = new ArrayList<>();
            for (ConsumedPartitionGroup group : vertex.getConsumedPartitionGroups()) {
                if (!group.getResultPartitionType().mustBePipelinedConsumed()) {
                    Set<String> partitions = new TreeSet<>();
                    group.forEach(partition -> partitions.add(name(partition)));
                    own.add(partitions);
                }
            }
            groups.put(name(vertex.getId()), own);
        }
        return groups;
    }

    /** The producer task of a partition name. */
    String producerOf(String partition) {
        String[] parts = partition.substring(1).split(":");
        return JobShape.name(shape.edges().get(Integer.parseInt(parts[0])).from()) + "#" + parts[1];
    }

    Set<String> tasksNeedingRestart(String failed, boolean withLosses) {
        RestartPipelinedRegionFailoverStrategy strategy = new RestartPipelinedRegionFailoverStrategy(topology,
                partition -> !withLosses || !shape.lost(edgeOfDataSet.get(partition.getIntermediateDataSetID()),
                        partition.getPartitionNumber()));
        Set<String> tasks = new TreeSet<>();
        for (ExecutionVertexID id : strategy.getTasksNeedingRestart(id(failed), new RuntimeException("parity"))) {
            tasks.add(name(id));
        }
        return tasks;
    }
}
