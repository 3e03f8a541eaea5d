package io.sluice.minicluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.jobmaster.internal.SlotPoolSettings;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.scheduler.eager.EagerSchedulingStrategyFactory;
import io.sluice.scheduler.lazyfromsources.LazyFromSourcesSchedulingStrategyFactory;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Several jobs on one cluster at once, and jobs with more tasks than the cluster has slots. */
class ConcurrentJobsTest {
    @TempDir
    Path temp;

    private MiniCluster cluster;

    private MiniCluster cluster(int workers, int slots) {
        cluster = new MiniCluster(workers, slots, ShuffleSettings.defaults(temp.resolve("shuffle")));
        return cluster;
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** {@code sequence-source 0..to → to-pair(16) → sum → file-sink}, with the same vertex ids in every copy. */
    private static JobGraph keyedSum(Path out, int parallelism, long to, ResultPartitionType exchange) {
        JobGraph.Builder job = JobGraph.builder("keyed-sum");
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 0, "to", to)),
                new OperatorSpec("pair", "to-pair", Map.of("keys", 16))), parallelism, SlotSharingGroup.DEFAULT, null,
                ResourceProfile.UNKNOWN);
        job.vertex("sum", List.of(new OperatorSpec("sum", "sum", Map.of()),
                new OperatorSpec("out", "file-sink", Map.of("path", out.toString()))), parallelism,
                SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
        job.connect("src", "sum", PartitionerKind.HASH, exchange);
        return job.build();
    }

    @Test
    void twoCopiesOfOneJobRunAtOnceOnOneWorkerWithExactOutput() throws Exception {
        cluster(1, 4);
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        MiniCluster.Running a = cluster.start(keyedSum(first, 2, 199_999, ResultPartitionType.PIPELINED),
                new EagerSchedulingStrategyFactory());
        MiniCluster.Running b = cluster.start(keyedSum(second, 2, 199_999, ResultPartitionType.PIPELINED),
                new EagerSchedulingStrategyFactory());

        for (MiniCluster.Running job : List.of(a, b)) {
            JobDetails result = job.run().get(60, SECONDS);
            assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        }
        assertThat(JobOutputs.pairs(first)).isEqualTo(JobOutputs.keyedSums(0, 199_999, 16));
        assertThat(JobOutputs.pairs(second)).isEqualTo(JobOutputs.keyedSums(0, 199_999, 16));
        assertThat(a.taskLocations().values()).allSatisfy(slot -> assertThat(b.taskLocations()).doesNotContainValue(slot));
    }

    @Test
    void aSessionRunsFiftyJobsTenAtATimeAndAllFinish() throws Exception {
        cluster(2, 5);
        Semaphore running = new Semaphore(10);
        List<CompletableFuture<JobDetails>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            running.acquire();
            CompletableFuture<JobDetails> result = cluster.start(keyedSum(temp.resolve("out-" + i), 1, 9_999,
                    i % 2 == 0 ? ResultPartitionType.PIPELINED : ResultPartitionType.BLOCKING),
                    new PipelinedRegionSchedulingStrategyFactory()).run();
            result.whenComplete((details, error) -> running.release());
            results.add(result);
        }
        for (int i = 0; i < results.size(); i++) {
            JobDetails result = results.get(i).get(60, SECONDS);
            assertThat(result.status()).as("job %d: %s", i, result.failure()).isEqualTo(JobStatus.FINISHED);
            assertThat(JobOutputs.pairs(temp.resolve("out-" + i))).isEqualTo(JobOutputs.keyedSums(0, 9_999, 16));
        }
        await().atMost(10, SECONDS).until(() -> cluster.freeSlots() == 10);
    }

    static Stream<SchedulingStrategyFactory> batchSchedulers() {
        return Stream.of(new LazyFromSourcesSchedulingStrategyFactory(), new PipelinedRegionSchedulingStrategyFactory());
    }

    /**
     * Eight sources and eight sums on one slot: every freed slot must serve the job's next pending request at
     * once. The idle timeout is an hour, so a slot parked in the pool until then would never let the job end.
     */
    @ParameterizedTest
    @MethodSource("batchSchedulers")
    void aJobWithMoreTasksThanSlotsReusesEachFreedSlotAtOnce(SchedulingStrategyFactory scheduler) throws Exception {
        cluster(1, 1).slotPool(new SlotPoolSettings(Duration.ofHours(1), HeartbeatSettings.DEFAULT));
        Path out = temp.resolve("sums");
        JobDetails result = cluster.start(keyedSum(out, 8, 99_999, ResultPartitionType.BLOCKING), scheduler)
                .run().get(60, SECONDS);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(JobOutputs.pairs(out)).isEqualTo(JobOutputs.keyedSums(0, 99_999, 16));
    }
}
