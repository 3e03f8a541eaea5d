package io.sluice.parity;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobEdge;
import io.sluice.api.job.JobVertexId;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.PipelinedRegion;
import io.sluice.failover.region.RegionFailoverStrategyFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A {@link JobShape} as Sluice sees it: its ExecutionGraph and the {@code region} failover plugin. */
final class SluiceSide {
    private final JobShape shape;
    private final ExecutionGraph graph;
    private final Map<IntermediateDataSetId, Integer> edgeOfDataSet = new HashMap<>();

    SluiceSide(JobShape shape) {
        this.shape = shape;
        this.graph = ExecutionGraph.build(shape.sluiceJobGraph());
        // a consumer lists its inputs in the order they were connected, as the shape lists its edges
        Map<Integer, Integer> connected = new HashMap<>();
        for (int e = 0; e < shape.edges().size(); e++) {
            int to = shape.edges().get(e).to();
            List<JobEdge> inputs = graph.jobGraph().vertex(new JobVertexId(JobShape.name(to))).inputs();
            edgeOfDataSet.put(inputs.get(connected.merge(to, 1, Integer::sum) - 1).source().id(), e);
        }
        for (ExecutionVertex vertex : graph.getVertices()) {
            vertex.setState(ExecutionState.RUNNING);
        }
    }

    /** {@code e<edge>:<partition>}, the same name {@link FlinkSide} gives it. */
    String name(IntermediateResultPartitionId partition) {
        return "e" + edgeOfDataSet.get(partition.dataSetId()) + ":" + partition.partitionIndex();
    }

    List<Set<String>> regions() {
        List<Set<String>> regions = new ArrayList<>();
        for (PipelinedRegion region : graph.getAllPipelinedRegions()) {
            regions.add(tasksOf(region));
        }
        return regions;
    }

    /** Per region (as its tasks), the blocking partition groups it reads from other regions. */
    Map<Set<String>, Set<Set<String>>> blockingInputsOfEachRegion() {
        Map<Set<String>, Set<Set<String>>> inputs = new HashMap<>();
        for (PipelinedRegion region : graph.getAllPipelinedRegions()) {
            Set<Set<String>> groups = new TreeSetOfSets();
            for (ConsumedPartitionGroup group : region.getAllBlockingConsumedPartitionGroups()) {
                Set<String> partitions = new TreeSet<>();
                group.forEach(partition -> partitions.add(name(partition)));
                groups.add(partitions);
            }
            inputs.put(tasksOf(region), groups);
        }
        return inputs;
    }

    private static Set<String> tasksOf(PipelinedRegion region) {
        Set<String> tasks = new TreeSet<>();
        for (ExecutionVertex vertex : region.getVertices()) {
            tasks.add(vertex.getId().toString());
        }
        return tasks;
    }

    Set<String> tasksNeedingRestart(String failed, boolean withLosses) {
        Set<ExecutionVertexId> restart = new RegionFailoverStrategyFactory()
                .create(graph, partition -> !withLosses
                        || !shape.lost(edgeOfDataSet.get(partition.dataSetId()), partition.partitionIndex()))
                .getTasksNeedingRestart(ExecutionVertexId.parse(failed), new RuntimeException("parity"));
        Set<String> tasks = new TreeSet<>();
        restart.forEach(id -> tasks.add(id.toString()));
        return tasks;
    }

    /** Sets of partition names, ordered by their text so that failure messages read the same every run. */
    static final class TreeSetOfSets extends TreeSet<Set<String>> {
        TreeSetOfSets() {
            super((a, b) -> a.toString().compareTo(b.toString()));
        }
    }
}
