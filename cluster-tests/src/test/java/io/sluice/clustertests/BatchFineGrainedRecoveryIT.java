package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch job over two worker processes loses a worker after its producers finished, while its consumers read
 * their blocking partitions across the network (as Flink's BatchFineGrainedRecoveryITCase): region failover runs
 * again only the producers whose partitions went with the worker, and the consumers that read them; the
 * producers on the surviving worker keep their finished attempt, and the output is exact.
 */
class BatchFineGrainedRecoveryIT {
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int tasks(JobDetails job, String vertex, ExecutionState state) {
        return job.vertices().stream().filter(v -> v.id().startsWith(vertex)).findFirst()
                .map(v -> v.tasksPerState().getOrDefault(state, 0)).orElse(0);
    }

    @Test
    void aWorkerLostWhileConsumersReadRunsAgainOnlyItsProducersAndTheirConsumers() throws Exception {
        cluster = LocalCluster.create("batch-recovery");
        cluster.startMaster();
        cluster.startWorker("w1", 2);
        cluster.startWorker("w2", 2);
        long to = 60_000_000L;
        Path out = cluster.home().resolve("out/wide-sums");
        JobId id = cluster.dispatcher().submitJob(ClusterJobs.wideSums(4, to, out, "blocking"))
                .get(30, TimeUnit.SECONDS);
        // every producer finished, the consumers read
        await("the consumers reading").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    JobDetails job = cluster.job(id);
                    return tasks(job, "numbers", ExecutionState.FINISHED) == 4
                            && tasks(job, "sum", ExecutionState.RUNNING) == 4;
                });
        String lost = cluster.workerOf(id);
        cluster.kill(cluster.nameOf(lost));

        JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(180));
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isEqualTo(1);
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(ClusterJobs.expectedSums(to));
        JobFailure failure = result.failures().get(0);
        assertThat(failure.worker()).isEqualTo(lost);
        List<String> producers = failure.restarted().stream().filter(task -> task.startsWith("numbers")).toList();
        List<String> consumers = failure.restarted().stream().filter(task -> task.startsWith("sum")).toList();
        assertThat(producers).as("the producers whose partitions were on %s, of %s", lost, failure.restarted())
                .hasSize(2);
        assertThat(consumers).as("every consumer reads every producer (hash)").hasSize(4);
    }
}
