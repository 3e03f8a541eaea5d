package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jobs whose exchanges cross worker processes: 2 workers of 2 slots, a hash exchange of parallelism 4, so 8 of its
 * 16 channels go from one worker's data port to the other's tasks, pipelined and blocking. The output is exact.
 */
class NetworkShuffleIT {
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipelined", "blocking"})
    void keyedSumsAcrossTwoWorkerProcessesAreExact(String exchange) throws Exception {
        cluster = LocalCluster.create("network-" + exchange);
        cluster.startMaster();
        cluster.startWorker("w1", 2);
        cluster.startWorker("w2", 2);
        long to = 20_000_000L;
        Path out = cluster.home().resolve("out/wide-sums");
        JobId id = cluster.dispatcher().submitJob(ClusterJobs.wideSums(4, to, out, exchange))
                .get(30, TimeUnit.SECONDS);
        // both workers take part: every slot of the cluster serves the job
        await("the job on both workers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.job(id).status().isGloballyTerminal() || cluster.clusterStatus().workers().stream()
                        .allMatch(worker -> worker.slots().stream().allMatch(slot -> id.equals(slot.job()))));

        JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(120));
        assertThat(result.status()).as(cluster.log("master") + cluster.log("worker")).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isZero();
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(ClusterJobs.expectedSums(to));
        assertThat(cluster.log("worker")).contains("data port");
    }

    /**
     * examples/recovery.json on two workers of one slot: its failing operator breaks subtask 1 twice, region
     * failover restarts the regions on both sides of the blocking exchange that crosses between the processes, and
     * the output is that of a run without failures.
     */
    @org.junit.jupiter.api.Test
    void theRecoveryExampleAcrossTwoWorkersIsExactAfterItsInjectedFailures() throws Exception {
        cluster = LocalCluster.create("network-recovery");
        cluster.startMaster();
        cluster.startWorker("w1", 1);
        cluster.startWorker("w2", 1);
        Path out = cluster.home().resolve("out/recovery");
        Path examples = Path.of(System.getProperty("sluice.examples.dir"));
        io.sluice.api.job.JobGraph job = io.sluice.client.JobCompiler.compile(io.sluice.client.JobFiles.parse(
                java.nio.file.Files.readString(examples.resolve("recovery.json")).replace("out/recovery", out.toString()),
                "recovery.json"), null);
        JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
        JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(120));
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isEqualTo(2);
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(ClusterJobs.expectedSums(1_000_000L));
    }

    /**
     * An all-to-all exchange of parallelism 8 on 2 workers of 4 slots: each worker's 4 consumers have 4 remote
     * channels of 2 exclusive buffers, 32 in all, and 2 more stay for sending. With exactly that much network
     * memory the job finishes (no credit deadlock); with one buffer less a task fails at once, naming the setting,
     * instead of waiting for memory that never comes.
     */
    @org.junit.jupiter.api.Test
    void theSmallestNetworkMemoryThatFitsIsEnoughAndOneBufferLessFailsClearly() throws Exception {
        cluster = LocalCluster.create("network-minimum");
        cluster.configure("io.sluice.worker.cfg", "taskexecutor.network.memory = " + 34 * 32 + "k\n");
        cluster.startMaster();
        cluster.startWorker("w1", 4);
        cluster.startWorker("w2", 4);
        long to = 5_000_000L;
        Path out = cluster.home().resolve("out/minimum");
        JobId fits = cluster.dispatcher().submitJob(ClusterJobs.wideSums(8, to, out, "pipelined"))
                .get(30, TimeUnit.SECONDS);
        JobDetails result = cluster.awaitResult(fits, Duration.ofSeconds(120));
        assertThat(result.status()).as(cluster.log("worker")).isEqualTo(JobStatus.FINISHED);
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(ClusterJobs.expectedSums(to));
        cluster.close();

        cluster = LocalCluster.create("network-too-small");
        cluster.configure("io.sluice.worker.cfg", "taskexecutor.network.memory = " + 33 * 32 + "k\n");
        cluster.startMaster();
        cluster.startWorker("w1", 4);
        cluster.startWorker("w2", 4);
        JobId tooSmall = cluster.dispatcher().submitJob(ClusterJobs.wideSums(8, to, cluster.home().resolve("out/small"),
                "pipelined")).get(30, TimeUnit.SECONDS);
        JobDetails failed = cluster.awaitResult(tooSmall, Duration.ofSeconds(120));
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.failure().message()).contains("not enough network buffers")
                .contains("taskexecutor.network.memory");
    }
}
