package io.sluice.rpc.gateway;

import io.sluice.api.job.ExecutionVertexId;
import java.util.Objects;

/**
 * One execution attempt of a task: attempt 0 is the first run, each restart counts one up. The graph makes it
 * unique across jobs (two jobs may both have a vertex {@code src}) and across runs of one job.
 */
public record ExecutionAttemptId(ExecutionGraphId graph, ExecutionVertexId vertex, int attemptNumber) {
    public ExecutionAttemptId {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(vertex, "vertex");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionAttemptId other && attemptNumber == other.attemptNumber
                && vertex.equals(other.vertex) && graph.equals(other.graph);
    }

    @Override
    public int hashCode() {
        return (graph.hashCode() * 31 + vertex.hashCode()) * 31 + attemptNumber;
    }

    /** The task and attempt, as users read it; the graph is left out, the job is named around it. */
    @Override
    public String toString() {
        return vertex + " (attempt " + attemptNumber + ")";
    }
}
