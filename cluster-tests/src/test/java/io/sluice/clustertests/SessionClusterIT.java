package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A session cluster of processes: {@code sluice master} and {@code sluice worker} JVMs on loopback; jobs are
 * submitted to the master's Dispatcher over the network, as the REST server will once it exists.
 */
class SessionClusterIT {
    private LocalCluster cluster;

    @AfterEach
    void stop(TestInfo test) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void wordCountOnTwoWorkerProcessesWritesTheSameOutputAsTheEmbeddedPlatform() throws Exception {
        cluster = LocalCluster.create("wordcount");
        cluster.startMaster();
        // a slot each: the hash exchange from the words to the counts crosses between the two processes
        cluster.startWorker("w1", 1);
        cluster.startWorker("w2", 1);
        Path out = cluster.home().resolve("out/wordcount");
        JobGraph job = LocalCluster.wordCount(out);

        JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
        JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(60));

        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(expectedWordCounts(examples().resolve("data/hamlet.txt")));
    }

    @Test
    void aWorkerKilledMidJobLosesItsTasksAtOnceAndTheyFinishExactlyOnAnotherWorker() throws Exception {
        cluster = LocalCluster.create("kill");
        cluster.startMaster();
        cluster.startWorker("w1", 1);
        cluster.startWorker("w2", 1);
        long to = 100_000_000L;
        Path out = cluster.home().resolve("out/sums");
        JobGraph job = ClusterJobs.sums(to, out);

        JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
        await("every task RUNNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                cluster.dispatcher().requestJob(id).get(10, TimeUnit.SECONDS).tasksPerState()
                        .getOrDefault(ExecutionState.RUNNING, 0) == 2);
        String running = cluster.workerOf(id);
        cluster.kill(cluster.nameOf(running));

        JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(120));
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).as("%s", result.failures()).isEqualTo(1);
        assertThat(result.failures().get(0).cause().message()).contains(running).contains("connection closed");
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(ClusterJobs.expectedSums(to));
    }

    @Test
    void aWorkerOfAKilledMasterRegistersWithTheNextOneAtOnceWithTheDeadJobsSlotFree() throws Exception {
        cluster = LocalCluster.create("master-restart");
        cluster.startMaster();
        cluster.startWorker("w1", 1);
        Path out = cluster.home().resolve("out/endless");
        JobGraph job = ClusterJobs.endless();
        JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
        await("the job RUNNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                cluster.dispatcher().requestJob(id).get(10, TimeUnit.SECONDS).tasksPerState()
                        .getOrDefault(ExecutionState.RUNNING, 0) == 1);

        cluster.kill("master");
        long killed = System.nanoTime();
        cluster.startMaster();
        // well within heartbeat.timeout (50 s): the worker saw both connections close
        await("w1 registered at the new master, its slot free").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    ClusterStatus status = cluster.clusterStatus();
                    return status.totalSlots() == 1 && status.workers().get(0).slots().get(0).isFree();
                });
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(20));
        assertThat(out).doesNotExist();
    }

    private static Path examples() {
        return Path.of(System.getProperty("sluice.examples.dir"));
    }

    /** The word counts as the tokenize operator defines words: letters and digits, lower case. */
    static Map<String, Long> expectedWordCounts(Path text) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (String line : Files.readAllLines(text, StandardCharsets.UTF_8)) {
            StringBuilder word = new StringBuilder();
            line.codePoints().forEach(c -> {
                if (Character.isLetterOrDigit(c)) {
                    word.appendCodePoint(c);
                } else if (!word.isEmpty()) {
                    counts.merge(word.toString().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                    word.setLength(0);
                }
            });
            if (!word.isEmpty()) {
                counts.merge(word.toString().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
            }
        }
        return counts;
    }
}
