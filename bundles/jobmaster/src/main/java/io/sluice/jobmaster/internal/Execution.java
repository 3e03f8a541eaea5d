package io.sluice.jobmaster.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.rpc.gateway.ExecutionAttemptId;
import io.sluice.rpc.gateway.ExecutionGraphId;

/**
 * The current execution attempt of one task, as the JobMaster tracks it: state with the time each state was
 * entered, the slot it was placed in, and the last counters its TaskExecutor reported. Main thread only.
 */
final class Execution {
    final ExecutionGraphId graph;
    final ExecutionVertex vertex;
    int attemptNumber = -1;
    final long[] stateTimestamps = new long[ExecutionState.values().length];
    PhysicalSlot slot;
    long recordsIn;
    long recordsOut;

    Execution(ExecutionGraphId graph, ExecutionVertex vertex) {
        this.graph = graph;
        this.vertex = vertex;
    }

    ExecutionState state() {
        return vertex.getState();
    }

    ExecutionAttemptId attemptId() {
        return new ExecutionAttemptId(graph, vertex.getId(), attemptNumber);
    }

    /** Whether {@code attempt} is this task's current attempt of this run of the job. */
    boolean isCurrent(ExecutionAttemptId attempt) {
        return attempt.attemptNumber() == attemptNumber && attempt.graph().equals(graph);
    }

    void transition(ExecutionState state, long now) {
        vertex.setState(state);
        stateTimestamps[state.ordinal()] = now;
    }

    /** A new attempt in state CREATED: a restart. */
    void reset(long now) {
        attemptNumber++;
        slot = null;
        recordsIn = 0;
        recordsOut = 0;
        java.util.Arrays.fill(stateTimestamps, 0);
        transition(ExecutionState.CREATED, now);
    }

    boolean isDeployed() {
        ExecutionState state = state();
        return state == ExecutionState.DEPLOYING || state == ExecutionState.INITIALIZING
                || state == ExecutionState.RUNNING || state == ExecutionState.CANCELING;
    }
}
