package io.sluice.executiongraph;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.scheduling.ConsumerVertexGroup;
import java.util.Iterator;
import java.util.NoSuchElementException;

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

    public ExecutionVertex vertex(int offset) {
        return jobVertex.vertex(start + offset);
    }

    @Override
    public Iterator<ExecutionVertexId> iterator() {
        return new Iterator<>() {
            private int next = start;

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public ExecutionVertexId next() {
                if (next >= end) {
                    throw new NoSuchElementException();
                }
                return jobVertex.vertex(next++).getId();
            }
        };
    }

    @Override
    public String toString() {
        return jobVertex.id() + "[" + start + ".." + end + ")";
    }
}
