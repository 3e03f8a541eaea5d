package io.sluice.executiongraph;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.scheduling.ConsumerVertexGroup;
import java.util.Iterator;

/** Subtasks {@code [start, end)} of one consumer job vertex that read the same partitions. */
public final class VertexGroup implements ConsumerVertexGroup {
    private final ExecutionJobVertex jobVertex;
    private final int start;
    private final int end;

    VertexGroup(ExecutionJobVertex jobVertex, int start, int end) {
        this.jobVertex = jobVertex;
        this.start = start;
        this.end = end;
    }

    @Override
    public int size() {
        return end - start;
    }

    /** Subtask index of the group's first vertex: a consumer reads subpartition {@code subtask - firstSubtask()}. */
    public int firstSubtask() {
        return start;
    }

    public ExecutionVertex vertex(int offset) {
        return jobVertex.vertex(start + offset);
    }

    @Override
    public Iterator<ExecutionVertexId> iterator() {
        return new RangeIterator<>(start, end, index -> jobVertex.vertex(index).getId());
    }

    @Override
    public String toString() {
        return jobVertex.id() + "[" + start + ".." + end + ")";
    }
}
