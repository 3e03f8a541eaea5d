package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code sluice run FILE --per-job}: a master and its workers started for one job, and gone with it. */
class PerJobIT {
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aPerJobRunPrintsProgressAndSummaryExitsWithTheJobsStatusAndLeavesNoProcessBehind() throws Exception {
        cluster = LocalCluster.create("per-job");
        Path examples = Path.of(System.getProperty("sluice.examples.dir"));
        Path jobs = cluster.home().resolve("jobs");
        Files.createDirectories(jobs.resolve("data"));
        Files.copy(examples.resolve("wordcount.json"), jobs.resolve("wordcount.json"));
        Files.copy(examples.resolve("data/hamlet.txt"), jobs.resolve("data/hamlet.txt"));

        LocalCluster.Run run = cluster.run("run", jobs.resolve("wordcount.json").toString(), "--per-job");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("Per-job cluster of 'wordcount' started", "on workers of 2 slots started",
                "Job 'wordcount' FINISHED");
        try (Stream<Path> parts = Files.list(jobs.resolve("out/wordcount"))) {
            assertThat(parts.filter(p -> p.getFileName().toString().startsWith("part-")).count()).isEqualTo(2);
        }
        await("no process of the run is left").atMost(Duration.ofSeconds(30)).until(() ->
                cluster.jvms().isEmpty());
        // everything the cluster wrote is in its own folder under data/per-job
        try (Stream<Path> top = Files.list(cluster.home())) {
            assertThat(top.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("bin", "bundle", "conf", "deploy", "jobs", "logs", "data",
                            cluster.home().relativize(run.outputFile()).toString());
        }
        try (Stream<Path> data = Files.list(cluster.home().resolve("data"))) {
            assertThat(data.map(p -> p.getFileName().toString()).toList()).containsExactly("per-job");
        }
        assertThat(cluster.home().resolve("conf/cluster.secret")).doesNotExist();
    }

    @Test
    void aJobThatFailsMakesThePerJobRunFailWithItsStatus() throws Exception {
        cluster = LocalCluster.create("per-job-fail");
        Path job = cluster.home().resolve("failing.json");
        Files.writeString(job, """
                {"name": "failing", "config": {"restart": {"strategy": "none"}},
                 "operators": [
                   {"id": "numbers", "type": "sequence-source", "parallelism": 1, "params": {"from": 1, "to": 1000}},
                   {"id": "boom", "type": "fail", "parallelism": 1, "params": {"subtask": 0, "atRecord": 10, "attempts": 5}},
                   {"id": "out", "type": "discard-sink", "parallelism": 1}],
                 "edges": [{"from": "numbers", "to": "boom", "partitioner": "forward", "exchange": "pipelined"},
                   {"from": "boom", "to": "out", "partitioner": "forward", "exchange": "pipelined"}]}
                """);
        LocalCluster.Run run = cluster.run("run", job.toString(), "--per-job");
        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("Job 'failing' FAILED");
        await("no process of the run is left").atMost(Duration.ofSeconds(30)).until(() ->
                cluster.jvms().isEmpty());
    }
}
