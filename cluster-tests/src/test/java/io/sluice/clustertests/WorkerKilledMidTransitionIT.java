package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.JobDetails;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * kill -9 of a worker while the JobMaster waits on it — tasks being deployed, tasks being cancelled. The workers
 * are frozen (SIGSTOP) first, so that the job stands in exactly that state when the kill lands. With default
 * heartbeats (50 s), ending well within them shows the closed connection is what ends the wait.
 */
class WorkerKilledMidTransitionIT {
    private static final Duration WELL_WITHIN_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    private LocalCluster cluster;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        cluster = LocalCluster.create("killed-" + test.getTestMethod().orElseThrow().getName());
        cluster.startMaster();
        cluster.startWorker("w1", 1);
        cluster.startWorker("w2", 1);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aWorkerKilledWhileItsTasksDeployLosesThemAndTheJobFinishesOnTheOther() throws Exception {
        // 1,002 tasks into one slot take a few hundred ms to deploy. Polling cannot catch them at it (job details
        // wait for the worker's counters, queued behind the deployments), so freeze both workers a little later
        // after each submission until the master sees tasks DEPLOYING
        for (int attempt = 1; attempt <= 10; attempt++) {
            JobId id = cluster.dispatcher().submitJob(ClusterJobs.chain(1_000, 10_000)).get(30, TimeUnit.SECONDS);
            TimeUnit.MILLISECONDS.sleep(25L * attempt);
            cluster.freeze("w1", "w2");
            int deploying = deploying(cluster.job(id));
            if (deploying > 0) {
                String victim = cluster.nameOf(cluster.workerOf(id));
                cluster.kill(victim);
                long killed = System.nanoTime();
                cluster.thaw(victim.equals("w1") ? "w2" : "w1");

                JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(120));
                assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
                // one: the restart, started at once, must not be given the lost worker's slot
                assertThat(result.restarts()).as("%s", result.failures()).isEqualTo(1);
                assertThat(result.failures().get(0).cause().message()).contains("connection closed");
                assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(WELL_WITHIN_HEARTBEAT_TIMEOUT);
                return;
            }
            cluster.thaw("w1", "w2");
            cluster.dispatcher().cancelJob(id).exceptionally(finishedMeanwhile -> null).get(30, TimeUnit.SECONDS);
            assertThat(cluster.awaitResult(id, Duration.ofSeconds(60)).status()).isIn(JobStatus.CANCELED,
                    JobStatus.FINISHED);
        }
        throw new AssertionError("in 10 submissions no task was caught DEPLOYING");
    }

    @Test
    void aWorkerKilledWhileItsTasksAreCancelledEndsTheJobCanceled() throws Exception {
        JobId id = cluster.dispatcher().submitJob(ClusterJobs.endless()).get(30, TimeUnit.SECONDS);
        await("the job RUNNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.job(id).tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == 1);
        String victim = cluster.nameOf(cluster.workerOf(id));
        cluster.freeze(victim); // the cancel reaches it, the answer never comes

        cluster.dispatcher().cancelJob(id).get(30, TimeUnit.SECONDS);
        await("the task CANCELING").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.job(id).tasksPerState().getOrDefault(ExecutionState.CANCELING, 0) == 1);
        cluster.kill(victim);
        long killed = System.nanoTime();

        JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(60));
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.CANCELED);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(WELL_WITHIN_HEARTBEAT_TIMEOUT);
        assertThat(cluster.clusterStatus().workers()).hasSize(1);
    }

    private static int deploying(JobDetails job) {
        return job.tasksPerState().getOrDefault(ExecutionState.DEPLOYING, 0);
    }
}
