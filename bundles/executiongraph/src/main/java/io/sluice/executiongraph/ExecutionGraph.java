package io.sluice.executiongraph;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobEdge;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.JobVertexId;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's tasks and partitions, built from its {@link JobGraph}; also the read-only scheduling view
 * plugins see. Build with {@link #build(JobGraph)}: O(tasks + job edges) time and memory, pipelined
 * regions included.
 */
public final class ExecutionGraph implements SchedulingTopology {
    private final JobGraph jobGraph;
    private final ExecutionJobVertex[] jobVertices;
    private final Map<JobVertexId, ExecutionJobVertex> jobVerticesById;
    private final Map<IntermediateDataSetId, IntermediateResult> resultsById;
    private final ExecutionVertex[] vertices;
    private final PipelinedRegions regions;
    /** Lookups by task id come in runs of one job vertex (a consumer group, a region): remember the last one. */
    private ExecutionJobVertex lastLookedUp;

    private ExecutionGraph(JobGraph jobGraph) {
        this.jobGraph = jobGraph;
        List<JobVertex> ordered = jobGraph.vertices();
        this.jobVertices = new ExecutionJobVertex[ordered.size()];
        this.jobVerticesById = new HashMap<>(ordered.size() * 2);
        this.resultsById = new HashMap<>();
        int firstIndex = 0;
        for (int i = 0; i < jobVertices.length; i++) {
            ExecutionJobVertex jobVertex = new ExecutionJobVertex(ordered.get(i), i, firstIndex);
            jobVertices[i] = jobVertex;
            jobVerticesById.put(jobVertex.id(), jobVertex);
            for (IntermediateResult result : jobVertex.producedResults()) {
                resultsById.put(result.id(), result);
            }
            firstIndex += jobVertex.parallelism();
        }
        this.vertices = new ExecutionVertex[firstIndex];
        for (ExecutionJobVertex jobVertex : jobVertices) {
            for (JobEdge input : jobVertex.jobVertex().inputs()) {
                resultsById.get(input.source().id()).connectTo(jobVertex, input.partitioner());
            }
            for (ExecutionVertex vertex : jobVertex.vertices()) {
                vertices[vertex.index()] = vertex;
            }
        }
        this.regions = PipelinedRegions.compute(this);
    }

    public static ExecutionGraph build(JobGraph jobGraph) {
        return new ExecutionGraph(jobGraph);
    }

    public JobGraph jobGraph() {
        return jobGraph;
    }

    /** Job vertices in topological order. */
    public List<ExecutionJobVertex> jobVertices() {
        return new ArrayView<>(jobVertices);
    }

    public ExecutionJobVertex jobVertex(JobVertexId id) {
        ExecutionJobVertex last = lastLookedUp;
        if (last != null && last.id() == id) {
            return last;
        }
        ExecutionJobVertex jobVertex = jobVerticesById.get(id);
        if (jobVertex == null) {
            throw new IllegalArgumentException("job '" + jobGraph.name() + "' has no vertex '" + id + "'");
        }
        lastLookedUp = jobVertex;
        return jobVertex;
    }

    public int taskCount() {
        return vertices.length;
    }

    /** Slots the job needs when every slot sharing group shares: the sum of each group's highest parallelism. */
    public int requiredSlots() {
        Map<SlotSharingGroup, Integer> perGroup = new HashMap<>();
        for (ExecutionJobVertex jobVertex : jobVertices) {
            perGroup.merge(jobVertex.jobVertex().slotSharingGroup(), jobVertex.parallelism(), Math::max);
        }
        return perGroup.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The vertex with global index {@code index} (producers before consumers). */
    ExecutionVertex vertex(int index) {
        return vertices[index];
    }

    // ---- SchedulingTopology ---------------------------------------------------------------------------

    @Override
    public List<ExecutionVertex> getVertices() {
        return new AbstractList<>() {
            @Override
            public ExecutionVertex get(int index) {
                return vertices[index];
            }

            @Override
            public int size() {
                return vertices.length;
            }
        };
    }

    @Override
    public ExecutionVertex getVertex(ExecutionVertexId id) {
        ExecutionJobVertex jobVertex = jobVertex(id.jobVertexId());
        if (id.subtaskIndex() >= jobVertex.parallelism()) {
            throw new IllegalArgumentException("job '" + jobGraph.name() + "' has no task " + id + " (vertex '"
                    + id.jobVertexId() + "' has parallelism " + jobVertex.parallelism() + ")");
        }
        return jobVertex.vertices().get(id.subtaskIndex());
    }

    @Override
    public IntermediateResultPartition getResultPartition(IntermediateResultPartitionId id) {
        IntermediateResult result = resultsById.get(id.dataSetId());
        if (result == null || id.partitionIndex() >= result.partitions().size()) {
            throw new IllegalArgumentException("job '" + jobGraph.name() + "' has no partition " + id);
        }
        return result.partitions().get(id.partitionIndex());
    }

    @Override
    public List<PipelinedRegion> getAllPipelinedRegions() {
        return regions.all();
    }

    @Override
    public PipelinedRegion getPipelinedRegionOfVertex(ExecutionVertexId id) {
        return getVertex(id).region();
    }

    @Override
    public int getPipelinedRegionCount() {
        return regions.all().size();
    }

    @Override
    public String toString() {
        return "ExecutionGraph of '" + jobGraph.name() + "' (" + vertices.length + " tasks, " + regions.all().size()
                + " pipelined regions)";
    }
}
