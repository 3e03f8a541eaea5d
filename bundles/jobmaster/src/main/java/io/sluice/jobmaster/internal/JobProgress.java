package io.sluice.jobmaster.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobId;
import io.sluice.api.slot.SlotId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionJobVertex;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.RpcTimeouts;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What one job's tasks look like now, for operators: tasks per state and records in and out per job vertex
 * (the counters its TaskExecutors report), where each task runs and when it entered each state. Reads the
 * {@link Scheduler}'s executions and never changes their states. Main thread only.
 */
final class JobProgress {
    private final JobId job;
    private final ExecutionGraph graph;
    private final Execution[] executions;
    private final MainThreadExecutor mainThread;

    /** Tasks per state, over the job and per job vertex. */
    record Snapshot(Map<ExecutionState, Integer> tasksPerState, List<JobDetails.VertexDetails> vertices) {
    }

    JobProgress(JobId job, ExecutionGraph graph, Execution[] executions, MainThreadExecutor mainThread) {
        this.job = job;
        this.graph = graph;
        this.executions = executions;
        this.mainThread = mainThread;
    }

    /**
     * Asks every TaskExecutor running tasks of the job for their counters. Completes on the main thread once all
     * answered, or after half the ask timeout with the counters known by then: a worker slow to answer must not
     * make the whole question time out, and a silent one shows its last counters.
     */
    CompletableFuture<Void> refreshCounters() {
        Map<TaskExecutorGateway, Boolean> workers = new IdentityHashMap<>();
        for (Execution execution : executions) {
            if (execution.slot != null && execution.isDeployed()) {
                workers.put(execution.slot.taskExecutor(), Boolean.TRUE);
            }
        }
        List<CompletableFuture<Void>> replies = new ArrayList<>();
        for (TaskExecutorGateway worker : workers.keySet()) {
            replies.add(worker.requestTaskMetrics(job).thenAcceptAsync(states -> states.forEach(this::updateCounters),
                    mainThread).exceptionally(error -> null));
        }
        CompletableFuture<Void> refreshed = new CompletableFuture<>();
        MainThreadExecutor.ScheduledTask deadline = mainThread.schedule(() -> refreshed.complete(null),
                RpcTimeouts.askTimeout().dividedBy(2));
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            deadline.cancel();
            refreshed.complete(null);
        }, mainThread);
        return refreshed;
    }

    /** Counters of a report, kept when they are of the task's current attempt. */
    void updateCounters(TaskExecutionState state) {
        Execution execution = executions[graph.getVertex(state.attempt().vertex()).index()];
        if (execution.isCurrent(state.attempt()) && !execution.state().isTerminal()) {
            execution.recordsIn = state.recordsIn();
            execution.recordsOut = state.recordsOut();
        }
    }

    Snapshot snapshot() {
        Map<ExecutionState, Integer> total = new EnumMap<>(ExecutionState.class);
        List<JobDetails.VertexDetails> vertices = new ArrayList<>();
        for (ExecutionJobVertex jobVertex : graph.jobVertices()) {
            Map<ExecutionState, Integer> perState = new EnumMap<>(ExecutionState.class);
            long in = 0;
            long out = 0;
            for (ExecutionVertex vertex : jobVertex.vertices()) {
                Execution execution = executions[vertex.index()];
                perState.merge(execution.state(), 1, Integer::sum);
                total.merge(execution.state(), 1, Integer::sum);
                in += execution.recordsIn;
                out += execution.recordsOut;
            }
            vertices.add(new JobDetails.VertexDetails(jobVertex.id().toString(), jobVertex.parallelism(), perState,
                    in, out));
        }
        return new Snapshot(total, vertices);
    }

    /** How many tasks are in {@code state}. */
    int tasksIn(ExecutionState state) {
        int count = 0;
        for (Execution execution : executions) {
            if (execution.state() == state) {
                count++;
            }
        }
        return count;
    }

    /** The slot of every task that has one, for tests and the coming REST API. */
    Map<ExecutionVertexId, SlotId> taskLocations() {
        Map<ExecutionVertexId, SlotId> locations = new HashMap<>();
        for (Execution execution : executions) {
            if (execution.slot != null) {
                locations.put(execution.vertex.getId(), execution.slot.slot());
            }
        }
        return locations;
    }

    /** Per-task state timestamps, for tests and the coming REST API. */
    Map<ExecutionVertexId, long[]> stateTimestamps() {
        Map<ExecutionVertexId, long[]> timestamps = new HashMap<>();
        for (Execution execution : executions) {
            timestamps.put(execution.vertex.getId(), execution.stateTimestamps.clone());
        }
        return timestamps;
    }
}
