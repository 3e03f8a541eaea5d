package io.sluice.rpc.gateway;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a job for progress reports and status queries.
 *
 * @param tasksPerState how many tasks are in each state (states without tasks left out)
 * @param startMillis when the job was submitted; {@code endMillis} is 0 while it runs
 * @param failure the root cause of a FAILED job, else {@code null}
 * @param failures the newest task failures ({@code web.exception-history-size} of them), oldest first, with what was
 *        restarted for each; {@code restarts} counts every restart
 * @param timestamps when the job last entered each status it has been in (Flink's per-state timestamps)
 * @param decisions how often each failover strategy chose a restart set for this job, and how long it took
 */
public record JobDetails(JobId job, String name, JobStatus status, Map<ExecutionState, Integer> tasksPerState,
        List<VertexDetails> vertices, long startMillis, long endMillis, int restarts, TaskFailure failure,
        List<JobFailure> failures, Map<JobStatus, Long> timestamps, List<StrategyDecisions> decisions) {

    public JobDetails {
        failures = List.copyOf(failures);
        Map<JobStatus, Long> copy = new EnumMap<>(JobStatus.class);
        copy.putAll(timestamps);
        timestamps = Collections.unmodifiableMap(copy);
        decisions = List.copyOf(decisions);
    }

    /** The restart sets one failover strategy (a bundle version of it) chose, and the time it took for them all. */
    public record StrategyDecisions(String strategy, String version, int count, long nanos) {
    }

    /** One job vertex: its tasks' states and the records they read and wrote. */
    public record VertexDetails(String id, int parallelism, Map<ExecutionState, Integer> tasksPerState,
            long recordsIn, long recordsOut) {
    }
}
