package io.sluice.rpc.gateway;

import io.sluice.api.job.ExecutionState;
import java.util.Objects;

/**
 * A task attempt reached {@code state}; {@code failure} is set for FAILED. The counters are the records the
 * task read and wrote so far.
 */
public record TaskExecutionState(ExecutionAttemptId attempt, ExecutionState state, TaskFailure failure,
        long recordsIn, long recordsOut) {
    public TaskExecutionState {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(state, "state");
    }
}
