package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionState;
import org.junit.jupiter.api.Test;

/** The deploying benchmarks really deploy: every task they time ends up DEPLOYING, none failed. */
class DeployingBenchmarksSmokeTest {
    private static final int PARALLELISM = 10;

    @Test
    void everyTaskOfTheStreamingJobIsDeployed() {
        DeployingTasksBenchmarks.StreamingJob job = new DeployingTasksBenchmarks.StreamingJob();
        job.parallelism = PARALLELISM;
        job.setup();
        assertThat(new DeployingTasksBenchmarks().deployingTasksInStreamingJob(job)).isEqualTo(2 * PARALLELISM);
        assertThat(job.scheduler.progress().tasksIn(ExecutionState.DEPLOYING)).isEqualTo(2 * PARALLELISM);
    }

    @Test
    void everySinkOfTheBatchJobIsDeployedOnceTheSourcesFinished() {
        DeployingTasksBenchmarks.BatchJob job = new DeployingTasksBenchmarks.BatchJob();
        job.parallelism = PARALLELISM;
        job.setup();
        assertThat(new DeployingTasksBenchmarks().deployingDownstreamTasksInBatchJob(job)).isEqualTo(PARALLELISM);
        assertThat(job.scheduler.progress().tasksIn(ExecutionState.DEPLOYING)).isEqualTo(PARALLELISM);
        assertThat(job.scheduler.progress().tasksIn(ExecutionState.FINISHED)).isEqualTo(PARALLELISM);
    }

    @Test
    void aGlobalFailureCancelsAndRedeploysEveryRunningTaskAsNewAttempts() {
        for (io.sluice.benchmarks.JobConfiguration configuration : io.sluice.benchmarks.JobConfiguration.values()) {
            HandleGlobalFailureAndRestartAllTasksBenchmark benchmark = new HandleGlobalFailureAndRestartAllTasksBenchmark();
            benchmark.jobConfiguration = configuration;
            benchmark.parallelism = PARALLELISM;
            benchmark.setup();
            int expected = configuration == io.sluice.benchmarks.JobConfiguration.STREAMING ? 2 * PARALLELISM : PARALLELISM;
            assertThat(benchmark.handleGlobalFailureAndRestartAllTasks()).isEqualTo(expected);
            assertThat(benchmark.jobMaster.tasksIn(ExecutionState.DEPLOYING)).isEqualTo(expected);
            assertThat(benchmark.jobMaster.details().restarts()).isEqualTo(1);
        }
    }
}
