package io.sluice.executiongraph;

import io.sluice.api.job.IntermediateDataSet;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.JobVertexId;
import java.util.List;

/** A job vertex with one {@link ExecutionVertex} per subtask and one {@link IntermediateResult} per output. */
public final class ExecutionJobVertex {
    private final JobVertex jobVertex;
    private final int position;
    private final int firstIndex;
    private final ExecutionVertex[] vertices;
    private final IntermediateResult[] produced;
    private final List<ExecutionVertex> vertexList;
    private final List<IntermediateResult> producedList;

    ExecutionJobVertex(JobVertex jobVertex, int position, int firstIndex) {
        this.jobVertex = jobVertex;
        this.position = position;
        this.firstIndex = firstIndex;
        List<IntermediateDataSet> dataSets = jobVertex.producedDataSets();
        this.produced = new IntermediateResult[dataSets.size()];
        for (int i = 0; i < produced.length; i++) {
            produced[i] = new IntermediateResult(dataSets.get(i), this);
        }
        this.vertices = new ExecutionVertex[jobVertex.parallelism()];
        for (int subtask = 0; subtask < vertices.length; subtask++) {
            vertices[subtask] = new ExecutionVertex(this, subtask, jobVertex.inputs().size());
        }
        for (IntermediateResult result : produced) {
            result.createPartitions();
        }
        this.vertexList = new ArrayView<>(vertices);
        this.producedList = new ArrayView<>(produced);
    }

    public JobVertexId id() {
        return jobVertex.id();
    }

    public JobVertex jobVertex() {
        return jobVertex;
    }

    public int parallelism() {
        return vertices.length;
    }

    public List<ExecutionVertex> vertices() {
        return vertexList;
    }

    public List<IntermediateResult> producedResults() {
        return producedList;
    }

    ExecutionVertex vertex(int subtask) {
        return vertices[subtask];
    }

    /** Position among the graph's job vertices (topological order). */
    int position() {
        return position;
    }

    /** Global index of subtask 0; subtask i has {@code firstIndex() + i}. */
    int firstIndex() {
        return firstIndex;
    }

    int producedIndex(IntermediateResult result) {
        for (int i = 0; i < produced.length; i++) {
            if (produced[i] == result) {
                return i;
            }
        }
        throw new IllegalArgumentException(result + " is not produced by " + jobVertex.id());
    }

    @Override
    public String toString() {
        return jobVertex.id() + " (p=" + vertices.length + ")";
    }
}
