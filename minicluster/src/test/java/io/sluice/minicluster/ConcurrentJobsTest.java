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
import io.sluice.api.job.JobId;
import io.sluice.dispatcher.internal.DispatcherSettings;
import io.sluice.dispatcher.internal.Dispatcher;
import io.sluice.jobmaster.internal.JobRecovery;
import io.sluice.jobmaster.internal.SlotPoolSettings;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.DispatcherGateway;
import java.lang.ref.WeakReference;
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

    /** The job's final details: each ask answers within rpc.ask-timeout, so ask again while the job runs. */
    private static CompletableFuture<JobDetails> result(DispatcherGateway dispatcher, JobId id) {
        return dispatcher.requestJobResult(id).exceptionallyCompose(error -> error.getCause() instanceof RpcException
                || error instanceof RpcException ? result(dispatcher, id) : CompletableFuture.failedFuture(error));
    }

    @Test
    void aSessionRunsFiftyJobsTenAtATimeAndAllFinish() throws Exception {
        cluster(2, 5);
        DispatcherGateway dispatcher = cluster.dispatcher(new PipelinedRegionSchedulingStrategyFactory(),
                JobRecovery::none, DispatcherSettings.DEFAULT, jobMaster -> { }).gateway();
        Semaphore running = new Semaphore(10);
        List<CompletableFuture<JobDetails>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            running.acquire();
            JobId id = dispatcher.submitJob(keyedSum(temp.resolve("out-" + i), 1, 9_999,
                    i % 2 == 0 ? ResultPartitionType.PIPELINED : ResultPartitionType.BLOCKING)).get(10, SECONDS);
            CompletableFuture<JobDetails> result = result(dispatcher, id);
            result.whenComplete((details, error) -> running.release());
            results.add(result);
        }
        for (int i = 0; i < results.size(); i++) {
            JobDetails result = results.get(i).get(60, SECONDS);
            assertThat(result.status()).as("job %d: %s", i, result.failure()).isEqualTo(JobStatus.FINISHED);
            assertThat(JobOutputs.pairs(temp.resolve("out-" + i))).isEqualTo(JobOutputs.keyedSums(0, 9_999, 16));
        }
        assertThat(dispatcher.listJobs().get(10, SECONDS)).hasSize(50)
                .allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.FINISHED));
        await().atMost(10, SECONDS).until(() -> cluster.freeSlots() == 10);
    }

    /**
     * A session that ran 2,000 jobs keeps the newest 100 in its archive and nothing else: no JobMaster, no
     * ExecutionGraph, no gateway of an ended job stays reachable (each one's weak reference clears), and the
     * ResourceManager has forgotten every JobMaster. Counted, not timed.
     */
    @Test
    void aLongSessionKeepsABoundedArchiveAndReleasesEveryEndedJob() throws Exception {
        cluster(1, 4);
        List<WeakReference<Object>> jobMasters = java.util.Collections.synchronizedList(new ArrayList<>());
        Dispatcher session = cluster.dispatcher(new PipelinedRegionSchedulingStrategyFactory(), JobRecovery::none,
                new DispatcherSettings(100, Duration.ofHours(1)), jobMaster -> jobMasters.add(new WeakReference<>(jobMaster)));
        DispatcherGateway dispatcher = session.gateway();
        Semaphore running = new Semaphore(8);
        List<JobId> ids = new ArrayList<>();
        List<CompletableFuture<JobDetails>> results = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            running.acquire();
            JobGraph graph = JobGraph.builder("short-" + i)
                    .vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", 10))), 1,
                            SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN)
                    .vertex("sink", List.of(new OperatorSpec("sink", "discard-sink", Map.of())), 1,
                            SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN)
                    .connect("src", "sink", PartitionerKind.FORWARD, ResultPartitionType.BLOCKING).build();
            JobId id = dispatcher.submitJob(graph).get(10, SECONDS);
            CompletableFuture<JobDetails> result = result(dispatcher, id);
            result.whenComplete((details, error) -> running.release());
            ids.add(id);
            results.add(result);
        }
        for (CompletableFuture<JobDetails> result : results) {
            assertThat(result.get(60, SECONDS).status()).isEqualTo(JobStatus.FINISHED);
        }
        await().atMost(10, SECONDS).until(() -> dispatcher.listJobs().get().size() == 100);
        assertThat(dispatcher.requestJob(ids.get(ids.size() - 1)).get(10, SECONDS).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(dispatcher.requestJob(ids.get(0))).failsWithin(10, SECONDS); // archived long ago, then evicted
        assertThat(cluster.connectedJobMasters()).isZero();
        assertThat(jobMasters).hasSize(2_000);
        await().atMost(30, SECONDS).until(() -> {
            System.gc();
            return jobMasters.stream().allMatch(reference -> reference.get() == null);
        });
    }

    /**
     * Status queries racing the end of their job: a JobMaster that ends while it answers closes its thread, and
     * the query must then be answered by the job's result, well within the ask timeout, not hang until it.
     */
    @Test
    void aStatusQueryRacingTheEndOfItsJobIsAnsweredAtOnce() throws Exception {
        cluster(1, 4);
        DispatcherGateway dispatcher = cluster.dispatcher(new PipelinedRegionSchedulingStrategyFactory(),
                JobRecovery::none, DispatcherSettings.DEFAULT, jobMaster -> { }).gateway();
        for (int i = 0; i < 30; i++) {
            JobId id = dispatcher.submitJob(keyedSum(temp.resolve("raced-" + i), 1, 2_000, ResultPartitionType.PIPELINED))
                    .get(10, SECONDS);
            JobStatus status = JobStatus.RUNNING;
            for (int polls = 0; !status.isGloballyTerminal(); polls++) {
                assertThat(polls).as("job %d still not ended", i).isLessThan(100_000);
                status = dispatcher.requestJob(id).get(5, SECONDS).status(); // the ask timeout is 10 s
            }
            assertThat(status).isEqualTo(JobStatus.FINISHED);
        }
    }

    @Test
    void anArchivedJobIsForgottenOnceItsExpirationTimePassed() throws Exception {
        cluster(1, 2);
        Dispatcher session = cluster.dispatcher(new PipelinedRegionSchedulingStrategyFactory(), JobRecovery::none,
                new DispatcherSettings(100, Duration.ofMillis(300)), jobMaster -> { });
        JobId id = session.gateway().submitJob(keyedSum(temp.resolve("expiring"), 1, 999, ResultPartitionType.PIPELINED))
                .get(10, SECONDS);
        assertThat(result(session.gateway(), id).get(30, SECONDS).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(session.gateway().requestJob(id).get(10, SECONDS).status()).isEqualTo(JobStatus.FINISHED);
        await().atMost(10, SECONDS).until(() -> session.gateway().listJobs().get().isEmpty());
        assertThat(session.gateway().requestJob(id)).failsWithin(10, SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("no job " + id + " on this cluster");
    }

    @Test
    void aSubmissionBeyondTheRunningJobBoundIsRefusedAsBusyAndAResubmissionUnderItsIdIsADuplicate() throws Exception {
        cluster(1, 4);
        DispatcherGateway dispatcher = cluster.dispatcher(new PipelinedRegionSchedulingStrategyFactory(),
                JobRecovery::none, new DispatcherSettings(2, 100, Duration.ofHours(1)), jobMaster -> { }).gateway();
        JobGraph endless = JobGraph.builder("endless").vertex("src", List.of(new OperatorSpec("src", "sequence-source",
                Map.of("from", 0L, "to", Long.MAX_VALUE - 1))), 1, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN)
                .vertex("sink", "discard-sink", 1).connect("src", "sink", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)
                .build();
        JobId first = dispatcher.submitJobAs(JobId.generate(), endless).get(10, SECONDS);
        dispatcher.submitJob(endless).get(10, SECONDS);
        assertThat(dispatcher.submitJob(endless)).failsWithin(10, SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(io.sluice.rpc.gateway.DispatcherBusyException.class)
                .withMessageContaining("dispatcher.max-running-jobs");
        assertThat(dispatcher.submitJobAs(first, endless)).failsWithin(10, SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(io.sluice.rpc.gateway.DuplicateJobException.class);
        dispatcher.cancelJob(first).get(10, SECONDS);
        assertThat(result(dispatcher, first).get(30, SECONDS).status()).isEqualTo(JobStatus.CANCELED);
        JobId third = dispatcher.submitJob(endless).get(10, SECONDS); // room again
        assertThat(dispatcher.submitJobAs(first, endless)).as("an archived id stays taken").failsWithin(10, SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(io.sluice.rpc.gateway.DuplicateJobException.class);
        for (JobDetails job : dispatcher.listJobs().get(10, SECONDS)) {
            dispatcher.cancelJob(job.job()).get(10, SECONDS);
        }
        assertThat(result(dispatcher, third).get(30, SECONDS).status()).isEqualTo(JobStatus.CANCELED);
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
