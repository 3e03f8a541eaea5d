package io.sluice.executiongraph;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.scheduling.SchedulingPipelinedRegion;
import java.util.Arrays;
import java.util.List;

/** Tasks connected by pipelined exchanges, in topological order, and the blocking partition groups they read. */
public final class PipelinedRegion implements SchedulingPipelinedRegion {
    private final ExecutionGraph graph;
    private final int number;
    private final ExecutionVertex[] vertices;
    private PartitionGroup[] blockingInputs;

    PipelinedRegion(ExecutionGraph graph, int number, int size) {
        this.graph = graph;
        this.number = number;
        this.vertices = new ExecutionVertex[size];
    }

    @Override
    public int getIndex() {
        return number;
    }

    @Override
    public List<ExecutionVertex> getVertices() {
        return new ArrayView<>(vertices);
    }

    public int size() {
        return vertices.length;
    }

    @Override
    public boolean contains(ExecutionVertexId vertex) {
        try {
            return graph.getVertex(vertex).region() == this;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    @Override
    public List<PartitionGroup> getAllBlockingConsumedPartitionGroups() {
        return new ArrayView<>(blockingInputs);
    }

    ExecutionVertex[] vertexArray() {
        return vertices;
    }

    void setBlockingInputs(PartitionGroup[] blockingInputs) {
        this.blockingInputs = blockingInputs;
    }

    @Override
    public String toString() {
        return "region " + number + " " + Arrays.toString(vertices);
    }
}
