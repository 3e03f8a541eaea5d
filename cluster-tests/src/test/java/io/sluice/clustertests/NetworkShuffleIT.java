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
}
