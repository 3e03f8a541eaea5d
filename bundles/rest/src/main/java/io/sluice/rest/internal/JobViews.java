package io.sluice.rest.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobFailure;
import io.sluice.rpc.gateway.JobPlan;
import io.sluice.rpc.gateway.TaskFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of jobs, named as Flink's REST API names them where it has the same thing. */
final class JobViews {
    /** The order in which a vertex's tasks decide its shown state, as Flink aggregates execution states. */
    private static final List<ExecutionState> AGGREGATE_ORDER = List.of(ExecutionState.FAILED,
            ExecutionState.CANCELING, ExecutionState.CANCELED, ExecutionState.RUNNING, ExecutionState.INITIALIZING,
            ExecutionState.DEPLOYING, ExecutionState.SCHEDULED, ExecutionState.CREATED, ExecutionState.FINISHED);

    private JobViews() {
    }

    /** One line of {@code /jobs/overview}. */
    static Map<String, Object> overview(JobDetails job, long now) {
        Map<String, Object> tasks = new LinkedHashMap<>();
        tasks.put("total", job.tasksPerState().values().stream().mapToInt(Integer::intValue).sum());
        for (ExecutionState state : ExecutionState.values()) {
            tasks.put(state.name().toLowerCase(Locale.ROOT), job.tasksPerState().getOrDefault(state, 0));
        }
        return Json.object("jid", job.job().value(), "name", job.name(), "state", job.status().name(),
                "start-time", job.startMillis(), "end-time", endTime(job), "duration", duration(job, now),
                "last-modification", lastModification(job), "restarts", job.restarts(), "tasks", tasks);
    }

    /** {@code /jobs/:jobid}. */
    static Map<String, Object> details(JobDetails job, long now) {
        List<Object> vertices = new ArrayList<>();
        for (JobDetails.VertexDetails vertex : job.vertices()) {
            vertices.add(Json.object("id", vertex.id(), "name", vertex.id(), "parallelism", vertex.parallelism(),
                    "status", aggregate(vertex.tasksPerState()).name(), "tasks", allStates(vertex.tasksPerState()),
                    "metrics", Json.object("read-records", vertex.recordsIn(), "write-records", vertex.recordsOut())));
        }
        Map<String, Object> timestamps = new LinkedHashMap<>();
        for (JobStatus status : JobStatus.values()) {
            timestamps.put(status.name(), job.timestamps().getOrDefault(status, 0L));
        }
        return Json.object("jid", job.job().value(), "name", job.name(), "state", job.status().name(),
                "start-time", job.startMillis(), "end-time", endTime(job), "duration", duration(job, now),
                "now", now, "restarts", job.restarts(), "timestamps", timestamps, "vertices", vertices,
                "status-counts", allStates(job.tasksPerState()));
    }

    /** {@code /jobs/:jobid/exceptions}: the root cause of a failed job and the history of task failures. */
    static Map<String, Object> exceptions(JobDetails job) {
        List<Object> entries = new ArrayList<>();
        for (JobFailure failure : job.failures()) {
            entries.add(Json.object("exceptionName", failure.cause().exceptionClass(),
                    "message", failure.cause().message(), "stacktrace", failure.cause().stackTrace(),
                    "timestamp", failure.timestampMillis(), "taskName", failure.task(), "location", failure.worker(),
                    "failover", failure.strategy() == null ? null
                            : Json.object("strategy", failure.strategy(), "version", failure.strategyVersion()),
                    "restarted", failure.restarted()));
        }
        TaskFailure root = job.failure();
        return Json.object("root-exception", root == null ? null : root.summary(),
                "timestamp", root == null ? null : job.endMillis(),
                "exceptionHistory", Json.object("entries", entries, "truncated", job.restarts() > entries.size()));
    }

    /** {@code /jobs/:jobid/plan}. */
    static Map<String, Object> plan(JobPlan plan) {
        List<Object> nodes = new ArrayList<>();
        for (JobPlan.Vertex vertex : plan.vertices()) {
            List<Object> inputs = new ArrayList<>();
            for (JobPlan.Edge edge : plan.edges()) {
                if (edge.to().equals(vertex.id())) {
                    inputs.add(Json.object("id", edge.from(), "ship_strategy", edge.partitioner(),
                            "exchange", edge.exchange(), "pattern", edge.pattern()));
                }
            }
            nodes.add(Json.object("id", vertex.id(), "operators", vertex.operators(),
                    "parallelism", vertex.parallelism(), "slot-sharing-group", vertex.slotSharingGroup(),
                    "inputs", inputs));
        }
        return Json.object("jid", plan.job().value(), "name", plan.name(),
                "plan", Json.object("nodes", nodes, "regions", plan.regions()));
    }

    /** {@code /jobs/:jobid/result}: {@code COMPLETED} with the result, or {@code IN_PROGRESS}. */
    static Map<String, Object> result(JobDetails ended) {
        if (ended == null) {
            return Json.object("status", Json.object("id", "IN_PROGRESS"));
        }
        Map<String, Object> result = Json.object("id", ended.job().value(), "name", ended.name(),
                "state", ended.status().name(), "net-runtime", ended.endMillis() - ended.startMillis(),
                "restarts", ended.restarts());
        if (ended.failure() != null) {
            result.put("failure-cause", Json.object("class", ended.failure().exceptionClass(),
                    "message", ended.failure().message(), "stacktrace", ended.failure().stackTrace()));
        }
        return Json.object("status", Json.object("id", "COMPLETED"), "job-execution-result", result);
    }

    private static long endTime(JobDetails job) {
        return job.endMillis() == 0 ? -1 : job.endMillis();
    }

    private static long duration(JobDetails job, long now) {
        return (job.endMillis() == 0 ? now : job.endMillis()) - job.startMillis();
    }

    private static long lastModification(JobDetails job) {
        return job.timestamps().values().stream().mapToLong(Long::longValue).max().orElse(job.startMillis());
    }

    private static Map<String, Integer> allStates(Map<ExecutionState, Integer> counts) {
        Map<String, Integer> all = new LinkedHashMap<>();
        for (ExecutionState state : ExecutionState.values()) {
            all.put(state.name(), counts.getOrDefault(state, 0));
        }
        return all;
    }

    static ExecutionState aggregate(Map<ExecutionState, Integer> counts) {
        int kinds = 0;
        ExecutionState only = ExecutionState.CREATED;
        for (Map.Entry<ExecutionState, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > 0) {
                kinds++;
                only = entry.getKey();
            }
        }
        if (kinds <= 1) {
            return only;
        }
        for (ExecutionState state : AGGREGATE_ORDER) {
            if (counts.getOrDefault(state, 0) > 0) {
                return state;
            }
        }
        return ExecutionState.CREATED;
    }
}
