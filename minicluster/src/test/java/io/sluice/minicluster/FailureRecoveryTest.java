package io.sluice.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.failover.region.RegionFailoverStrategyFactory;
import io.sluice.failover.restartall.RestartAllFailoverStrategyFactory;
import io.sluice.jobmaster.internal.JobRecovery;
import io.sluice.restart.fixeddelay.FixedDelayRestartBackoffStrategyFactory;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobFailure;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task failures on a real in-JVM cluster: restarts, exact output, and a job that runs out of restarts. */
class FailureRecoveryTest {
    @TempDir
    Path temp;

    private MiniCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JobRecovery recovery(FailoverStrategyFactory failover, String name, int attempts) {
        return new JobRecovery(() -> new JobRecovery.Failover(failover, name, "test"),
                new FixedDelayRestartBackoffStrategyFactory().create(new StrategyOptions("restart",
                        Map.of("attempts", Integer.toString(attempts), "delay", "10ms"))));
    }

    /** numbers → (x mod 10, x) → fail on map#1 → hash, blocking → sum → files. */
    private JobGraph job(Path out, int failingAttempts) {
        JobGraph.Builder job = JobGraph.builder("recovering");
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", 20_000)),
                new OperatorSpec("pair", "to-pair", Map.of("keys", 10)),
                new OperatorSpec("boom", "fail", Map.of("subtask", 1, "atRecord", 3_000, "attempts", failingAttempts))),
                2, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
        job.vertex("sum", List.of(new OperatorSpec("sum", "sum", Map.of()),
                new OperatorSpec("out", "file-sink", Map.of("path", out.toString()))), 2, SlotSharingGroup.DEFAULT,
                null, ResourceProfile.UNKNOWN);
        job.connect("src", "sum", PartitionerKind.HASH, ResultPartitionType.BLOCKING);
        return job.build();
    }

    private MiniCluster cluster() {
        cluster = new MiniCluster(2, 2, ShuffleSettings.defaults(temp.resolve("shuffle")));
        return cluster;
    }

    @Test
    void regionFailoverRestartsOnlyTheFailedRegionAndTheOutputIsExact() throws Exception {
        Path out = temp.resolve("region");
        JobDetails result = cluster().run(job(out, 1), new PipelinedRegionSchedulingStrategyFactory(),
                recovery(new RegionFailoverStrategyFactory(), "region", 3));

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isEqualTo(1);
        JobFailure failure = result.failures().get(0);
        assertThat(failure.task()).isEqualTo("src#1");
        assertThat(failure.cause().message()).contains("injected failure");
        assertThat(failure.strategy()).isEqualTo("region");
        // its region, and the consumer regions downstream (not started yet: they are left alone)
        assertThat(failure.restarted()).containsExactly("src#1", "sum#0", "sum#1");
        assertThat(failure.worker()).startsWith("worker-");
        assertThat(JobOutputs.pairs(out)).isEqualTo(JobOutputs.keyedSums(1, 20_000, 10));
    }

    @Test
    void restartAllRestartsEveryTaskAndTheOutputIsExact() throws Exception {
        Path out = temp.resolve("all");
        JobDetails result = cluster().run(job(out, 1), new PipelinedRegionSchedulingStrategyFactory(),
                recovery(new RestartAllFailoverStrategyFactory(), "restart-all", 3));

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.failures()).singleElement()
                .satisfies(f -> assertThat(f.restarted()).containsExactly("src#0", "src#1", "sum#0", "sum#1"));
        assertThat(JobOutputs.pairs(out)).isEqualTo(JobOutputs.keyedSums(1, 20_000, 10));
    }

    @Test
    void whenTheBackoffAllowsNoMoreRestartsTheJobFailsWithTheWholeHistory() throws Exception {
        JobDetails result = cluster().run(job(temp.resolve("never"), 10), new PipelinedRegionSchedulingStrategyFactory(),
                recovery(new RegionFailoverStrategyFactory(), "region", 2));

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.restarts()).isEqualTo(2);
        assertThat(result.failures()).hasSize(3);
        assertThat(result.failures().get(2).strategy()).isNull();
        assertThat(result.failure().message()).contains("src#1 (attempt 2)", "injected failure", "no restart left");
    }

    @Test
    void aJobFailingFortyTimesKeepsItsNewestFailuresAndCountsEveryRestart() throws Exception {
        cluster = new MiniCluster(1, 2, ShuffleSettings.defaults(temp.resolve("shuffle")));
        JobRecovery keepFour = new JobRecovery(() -> new JobRecovery.Failover(new RestartAllFailoverStrategyFactory(),
                "restart-all", "test"), new FixedDelayRestartBackoffStrategyFactory().create(new StrategyOptions(
                        "restart", Map.of("attempts", "100", "delay", "0ms"))), 4);
        JobDetails result = cluster.run(job(temp.resolve("forty"), 40), new PipelinedRegionSchedulingStrategyFactory(),
                keepFour);

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isEqualTo(40);
        assertThat(result.failures()).hasSize(4).allSatisfy(f -> assertThat(f.task()).isEqualTo("src#1"));
        assertThat(result.failures().get(3).cause().message()).contains("(attempt 39)");
        assertThat(JobOutputs.pairs(temp.resolve("forty"))).isEqualTo(JobOutputs.keyedSums(1, 20_000, 10));
    }

    /** numbers 1..records → (x mod 10, x) → hash → a subtask holding its first record → sum → files. */
    private static JobGraph heldSum(String name, long records, ResultPartitionType exchange, Path out) {
        JobGraph.Builder job = JobGraph.builder(name);
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", records)),
                new OperatorSpec("pair", "to-pair", Map.of("keys", 10))), 2, SlotSharingGroup.DEFAULT, null,
                ResourceProfile.UNKNOWN);
        job.vertex("sum", List.of(new OperatorSpec("hold", "hold", Map.of()), new OperatorSpec("sum", "sum", Map.of()),
                new OperatorSpec("out", "file-sink", Map.of("path", out.toString()))), 2, SlotSharingGroup.DEFAULT,
                null, ResourceProfile.UNKNOWN);
        job.connect("src", "sum", PartitionerKind.HASH, exchange);
        return job.build();
    }

    @Test
    void aLostWorkerTakesItsFinishedPartitionsAlongAndTheirProducersRunAgainForAnExactResult() throws Exception {
        Path out = temp.resolve("lost");
        HoldingOperator hold = new HoldingOperator(2);
        cluster = new MiniCluster(3, 1, ShuffleSettings.defaults(temp.resolve("shuffle")), Map.of("hold", hold));
        // one restart attempt: the lost worker, its running sum and its finished source's partition are one failure
        MiniCluster.Running running = cluster.start(heldSum("worker-loss", 20_000, ResultPartitionType.BLOCKING, out),
                new PipelinedRegionSchedulingStrategyFactory(), recovery(new RegionFailoverStrategyFactory(), "region", 1));
        assertThat(hold.holding.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // both sources finished and both sums are reading: kill a worker holding a finished source's partition
        Map<io.sluice.api.job.ExecutionVertexId, io.sluice.api.slot.SlotId> locations = running.taskLocations();
        io.sluice.api.slot.WorkerId victim = locations.get(io.sluice.api.job.ExecutionVertexId.parse("src#0")).worker();
        // where the tasks are depends on timing: a source that finished early hands its slot to the other one
        long sumsThere = locations.entrySet().stream().filter(e -> e.getKey().toString().startsWith("sum#")
                && e.getValue().worker().equals(victim)).count();
        long sourcesThere = locations.entrySet().stream().filter(e -> e.getKey().toString().startsWith("src#")
                && e.getValue().worker().equals(victim)).count();
        cluster.killWorker(victim);
        hold.release.countDown();

        JobDetails result = running.run().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            if (sumsThere > 0) {
                assertThat(f.cause().exceptionClass()).isEqualTo("io.sluice.TaskExecutorLostException");
                assertThat(f.cause().message()).contains(sumsThere + " running tasks and the partitions of "
                        + sourcesThere + " finished tasks");
            } else {
                assertThat(f.cause().exceptionClass()).isEqualTo("io.sluice.PartitionLostException");
                assertThat(f.cause().message()).contains("the partitions of " + sourcesThere + " finished tasks");
            }
            assertThat(f.restarted()).contains("src#0", "sum#0", "sum#1");
        });
        assertThat(JobOutputs.pairs(out)).isEqualTo(JobOutputs.keyedSums(1, 20_000, 10));
    }

    @Test
    void aWorkerLostInAPipelinedJobRestartsItsRegionAndTheOutputIsExact() throws Exception {
        Path out = temp.resolve("pipelined-loss");
        HoldingOperator hold = new HoldingOperator(2);
        cluster = new MiniCluster(3, 1, ShuffleSettings.defaults(temp.resolve("shuffle")), Map.of("hold", hold));
        MiniCluster.Running running = cluster.start(heldSum("pipelined-loss", 200_000, ResultPartitionType.PIPELINED, out),
                new PipelinedRegionSchedulingStrategyFactory(), recovery(new RegionFailoverStrategyFactory(), "region", 5));
        assertThat(hold.holding.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        cluster.killWorker(running.taskLocations().get(io.sluice.api.job.ExecutionVertexId.parse("src#0")).worker());
        hold.release.countDown();

        JobDetails result = running.run().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.failures()).isNotEmpty().allSatisfy(f -> assertThat(f.restarted())
                .containsExactlyInAnyOrder("src#0", "src#1", "sum#0", "sum#1")); // one pipelined region
        assertThat(JobOutputs.pairs(out)).isEqualTo(JobOutputs.keyedSums(1, 200_000, 10));
    }

    /**
     * Losing a worker fails every task on it, but the tasks already in the restart set that the first of them
     * triggered are not new failures: one worker loss is one failure, so one restart attempt is enough.
     */
    @Test
    void oneLostWorkerIsOneFailureForTheRestartBackoff() throws Exception {
        Path out = temp.resolve("one-failure");
        HoldingOperator hold = new HoldingOperator(4);
        cluster = new MiniCluster(3, 2, ShuffleSettings.defaults(temp.resolve("shuffle")), Map.of("hold", hold));
        JobGraph.Builder job = JobGraph.builder("one-failure");
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", 200_000)),
                new OperatorSpec("pair", "to-pair", Map.of("keys", 10)), new OperatorSpec("hold", "hold", Map.of())),
                4, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
        job.vertex("sum", List.of(new OperatorSpec("sum", "sum", Map.of()),
                new OperatorSpec("out", "file-sink", Map.of("path", out.toString()))), 4, SlotSharingGroup.DEFAULT,
                null, ResourceProfile.UNKNOWN);
        job.connect("src", "sum", PartitionerKind.HASH, ResultPartitionType.PIPELINED);
        MiniCluster.Running running = cluster.start(job.build(), new PipelinedRegionSchedulingStrategyFactory(),
                recovery(new RegionFailoverStrategyFactory(), "region", 1));
        assertThat(hold.holding.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // the victim runs two sources and two sums, all of the job's one pipelined region
        cluster.killWorker(running.taskLocations().get(io.sluice.api.job.ExecutionVertexId.parse("src#0")).worker());
        hold.release.countDown();

        JobDetails result = running.run().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isEqualTo(1);
        assertThat(result.failures()).hasSize(1);
        assertThat(JobOutputs.pairs(out)).isEqualTo(JobOutputs.keyedSums(1, 200_000, 10));
    }

    @Test
    void whileTheBackoffRunsTheJobIsRestarting() throws Exception {
        JobRecovery slow = new JobRecovery(() -> new JobRecovery.Failover(new RegionFailoverStrategyFactory(), "region",
                "test"), new FixedDelayRestartBackoffStrategyFactory().create(new StrategyOptions("restart",
                        Map.of("attempts", "1", "delay", "1s"))));
        MiniCluster.Running running = cluster().start(job(temp.resolve("restarting"), 1),
                new PipelinedRegionSchedulingStrategyFactory(), slow);
        org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> running.details().restarts() == 1);
        assertThat(running.details().status()).isEqualTo(JobStatus.RESTARTING);
        assertThat(running.run().get(20, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void restartIndividualRestartsOnlyTheFailedTaskOfAJobWithoutEdges() throws Exception {
        Path out = temp.resolve("individual");
        JobGraph.Builder job = JobGraph.builder("no-edges");
        job.vertex("gen", List.of(new OperatorSpec("gen", "sequence-source", Map.of("from", 1, "to", 3_000)),
                new OperatorSpec("boom", "fail", Map.of("subtask", 1, "atRecord", 500)),
                new OperatorSpec("out", "file-sink", Map.of("path", out.toString()))), 3, SlotSharingGroup.DEFAULT,
                null, ResourceProfile.UNKNOWN);
        JobDetails result = cluster().run(job.build(), new PipelinedRegionSchedulingStrategyFactory(),
                recovery(new io.sluice.failover.restartindividual.RestartIndividualFailoverStrategyFactory(),
                        "restart-individual", 1));

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.failures()).singleElement().satisfies(f -> assertThat(f.restarted()).containsExactly("gen#1"));
        List<Long> written = new java.util.ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.toList()) {
                Files.readAllLines(part).forEach(line -> written.add(Long.parseLong(line)));
            }
        }
        assertThat(written).hasSize(3_000).doesNotHaveDuplicates().allSatisfy(x -> assertThat(x).isBetween(1L, 3_000L));
    }
}
