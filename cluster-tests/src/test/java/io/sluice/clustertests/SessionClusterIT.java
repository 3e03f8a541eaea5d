package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.SlotStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    private JobDetails awaitResult(JobId job, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return cluster.dispatcher().requestJobResult(job).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RpcException)) {
                    throw e;
                }
                // still running after rpc.ask-timeout: ask again
            }
        }
        throw new AssertionError("job " + job + " did not end within " + bound + "\n" + cluster.log("master"));
    }

    @Test
    void wordCountRunsOnAWorkerProcessAndWritesTheSameOutputAsTheEmbeddedPlatform() throws Exception {
        cluster = LocalCluster.create("wordcount");
        cluster.startMaster();
        cluster.startWorker("w1", 2);
        Path out = cluster.home().resolve("out/wordcount");
        JobGraph job = LocalCluster.wordCount(out);

        JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
        JobDetails result = awaitResult(id, Duration.ofSeconds(60));

        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(readCounts(out)).isEqualTo(expectedWordCounts(examples().resolve("data/hamlet.txt")));
    }

    @Test
    void aWorkerKilledMidJobLosesItsTasksAtOnceAndTheyFinishExactlyOnAnotherWorker() throws Exception {
        cluster = LocalCluster.create("kill");
        cluster.startMaster();
        cluster.startWorker("w1", 1);
        cluster.startWorker("w2", 1);
        long to = 100_000_000L;
        Path out = cluster.home().resolve("out/sums");
        JobGraph job = JobCompiler.compile(JobFiles.parse("""
                {"name": "sums", "config": {"scheduler": "pipelined-region", "failover": "region",
                  "restart": {"strategy": "fixed-delay", "attempts": 3, "delay": "100ms"}},
                 "operators": [
                   {"id": "numbers", "type": "sequence-source", "parallelism": 1, "params": {"from": 1, "to": %d}},
                   {"id": "pair", "type": "to-pair", "parallelism": 1, "params": {"keys": 100}},
                   {"id": "sum", "type": "sum", "parallelism": 1},
                   {"id": "out", "type": "file-sink", "parallelism": 1, "params": {"path": "%s"}}],
                 "edges": [{"from": "numbers", "to": "pair", "partitioner": "forward", "exchange": "pipelined"},
                   {"from": "pair", "to": "sum", "partitioner": "hash", "exchange": "pipelined"},
                   {"from": "sum", "to": "out", "partitioner": "forward", "exchange": "pipelined"}]}
                """.formatted(to, out), "sums.json"), null);

        JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
        await("every task RUNNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                cluster.dispatcher().requestJob(id).get(10, TimeUnit.SECONDS).tasksPerState()
                        .getOrDefault(ExecutionState.RUNNING, 0) == 2);
        String running = workerOf(id);
        String victim = running.endsWith("-" + cluster.pid("w1")) ? "w1" : "w2";
        cluster.kill(victim);

        JobDetails result = awaitResult(id, Duration.ofSeconds(120));
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isGreaterThanOrEqualTo(1);
        assertThat(result.failures().get(0).cause().message()).contains(running).contains("connection closed");
        Map<Long, Long> expected = new HashMap<>();
        for (long x = 1; x <= to; x++) {
            expected.merge(x % 100, x, Long::sum);
        }
        assertThat(readCounts(out)).isEqualTo(expected);
    }

    @Test
    void aWorkerOfAKilledMasterRegistersWithTheNextOneAtOnceWithTheDeadJobsSlotFree() throws Exception {
        cluster = LocalCluster.create("master-restart");
        cluster.startMaster();
        cluster.startWorker("w1", 1);
        Path out = cluster.home().resolve("out/endless");
        JobGraph job = JobCompiler.compile(JobFiles.parse("""
                {"name": "endless", "operators": [
                   {"id": "numbers", "type": "sequence-source", "parallelism": 1,
                    "params": {"from": 1, "to": 9000000000000000000}},
                   {"id": "out", "type": "discard-sink", "parallelism": 1}],
                 "edges": [{"from": "numbers", "to": "out", "partitioner": "forward", "exchange": "pipelined"}]}
                """, "endless.json"), null);
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

    /** The worker whose slot serves the job. */
    private String workerOf(JobId job) {
        ClusterStatus status = cluster.clusterStatus();
        for (ClusterStatus.Worker worker : status.workers()) {
            for (SlotStatus slot : worker.slots()) {
                if (job.equals(slot.job())) {
                    return worker.id().value();
                }
            }
        }
        throw new AssertionError("no slot serves " + job + ": " + status);
    }

    private static Path examples() {
        return Path.of(System.getProperty("sluice.examples.dir"));
    }

    private static final Pattern PAIR = Pattern.compile("\\(?\\s*([^,\\s()]+)\\s*,\\s*(-?\\d+)\\s*\\)?");

    /** {@code (key, count)} lines of every committed part, by key. */
    @SuppressWarnings("unchecked")
    private static <K> Map<K, Long> readCounts(Path directory) throws Exception {
        Map<Object, Long> counts = new HashMap<>();
        try (Stream<Path> parts = Files.list(directory)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    Matcher pair = PAIR.matcher(line);
                    assertThat(pair.matches()).as("line '%s' of %s", line, part).isTrue();
                    Object key = pair.group(1).matches("-?\\d+") ? (Object) Long.valueOf(pair.group(1)) : pair.group(1);
                    assertThat(counts.put(key, Long.valueOf(pair.group(2)))).as("key %s twice", key).isNull();
                }
            }
        }
        return (Map<K, Long>) counts;
    }

    /** The word counts as the tokenize operator defines words: letters and digits, lower case. */
    private static Map<String, Long> expectedWordCounts(Path text) throws Exception {
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
