package io.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.JobDetails;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTableTest {

    private static JobDetails job(String id, String name, JobStatus status, long start, long end, int restarts,
            Map<ExecutionState, Integer> tasks) {
        return new JobDetails(new JobId(id), name, status, new EnumMap<>(tasks), List.of(), start, end, restarts, null,
                List.of(), Map.of(), List.of());
    }

    @Test
    void jobsAreListedOldestFirstWithTasksPerStateRestartsAndDuration() {
        String table = JobTable.render(List.of(
                job("b2", "recovery", JobStatus.RUNNING, 5_000, 0, 1,
                        Map.of(ExecutionState.RUNNING, 3, ExecutionState.FINISHED, 1)),
                job("a1", "wordcount", JobStatus.FINISHED, 1_000, 1_500, 0, Map.of(ExecutionState.FINISHED, 4))),
                7_000);
        assertThat(table.lines()).containsExactly(
                "JOB  NAME       STATUS    TASKS                  RESTARTS  DURATION",
                "a1   wordcount  FINISHED  4 finished             0         0.5 s",
                "b2   recovery   RUNNING   3 running, 1 finished  1         2.0 s");
    }

    @Test
    void anEmptyPlatformSaysSo() {
        assertThat(JobTable.render(List.of(), 0)).isEqualTo("no jobs" + System.lineSeparator());
    }
}
