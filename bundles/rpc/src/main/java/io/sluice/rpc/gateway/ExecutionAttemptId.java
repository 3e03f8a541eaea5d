package io.sluice.rpc.gateway;

import io.sluice.api.job.ExecutionVertexId;
import java.util.Objects;

/** One execution attempt of a task: attempt 0 is the first run, each restart counts one up. */
public record ExecutionAttemptId(ExecutionVertexId vertex, int attemptNumber) {
    public ExecutionAttemptId {
        Objects.requireNonNull(vertex, "vertex");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionAttemptId other && attemptNumber == other.attemptNumber
                && vertex.equals(other.vertex);
    }

    @Override
    public int hashCode() {
        return vertex.hashCode() * 31 + attemptNumber;
    }

    @Override
    public String toString() {
        return vertex + " (attempt " + attemptNumber + ")";
    }
}
