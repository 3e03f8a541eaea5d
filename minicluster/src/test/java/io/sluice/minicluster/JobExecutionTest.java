package io.sluice.minicluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.scheduler.eager.EagerSchedulingStrategyFactory;
import io.sluice.scheduler.lazyfromsources.LazyFromSourcesSchedulingStrategyFactory;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole jobs on a real in-JVM cluster: scheduling, slot sharing, deployment, exchanges, results. */
class JobExecutionTest {
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

    static Stream<Arguments> schedulersAndExchanges() {
        return schedulers()
                .flatMap(s -> Stream.of(Arguments.of(s, ResultPartitionType.PIPELINED),
                        Arguments.of(s, ResultPartitionType.BLOCKING)));
    }

    /** Lazy-from-sources refuses that shape: it would wait for the blocking input while the pipelined one waits for it. */
    static Stream<SchedulingStrategyFactory> regionAwareSchedulers() {
        return Stream.of(new EagerSchedulingStrategyFactory(), new PipelinedRegionSchedulingStrategyFactory());
    }

    static Stream<SchedulingStrategyFactory> schedulers() {
        return Stream.of(new EagerSchedulingStrategyFactory(), new LazyFromSourcesSchedulingStrategyFactory(),
                new PipelinedRegionSchedulingStrategyFactory());
    }

    private static OperatorSpec op(String id, String type, Map<String, Object> params) {
        return new OperatorSpec(id, type, params);
    }

    private static JobGraph.Builder vertex(JobGraph.Builder job, String id, int parallelism, OperatorSpec... ops) {
        return job.vertex(id, List.of(ops), parallelism, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("schedulersAndExchanges")
    void keyedSumIsExactForEverySchedulerAndExchange(SchedulingStrategyFactory scheduler, ResultPartitionType exchange)
            throws Exception {
        Path out = temp.resolve("sums");
        JobGraph.Builder job = JobGraph.builder("keyed-sum");
        vertex(job, "src", 2, op("src", "sequence-source", Map.of("from", 0, "to", 99_999)),
                op("pair", "to-pair", Map.of("keys", 64)));
        vertex(job, "sum", 2, op("sum", "sum", Map.of()), op("out", "file-sink", Map.of("path", out.toString())));
        job.connect("src", "sum", PartitionerKind.HASH, exchange);

        JobDetails result = cluster(2, 2).run(job.build(), scheduler);

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        Map<String, Long> expected = JobOutputs.keyedSums(0, 99_999, 64);
        assertThat(JobOutputs.pairs(out)).isEqualTo(expected);
        assertThat(result.vertices().get(0).recordsOut()).isEqualTo(100_000);
        assertThat(result.vertices().get(1).recordsIn()).isEqualTo(100_000);
        await().atMost(10, SECONDS).until(() -> cluster.freeSlots() == 4);
    }

    /**
     * Flink's regions for this shape are {a#0,b#0,b#1,c#0} and {a#1,b#2,c#1}: the second reads the blocking group
     * {b#1,b#2} partly from itself, so it is due once b#1 (of the other region) finished, not the whole group.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regionAwareSchedulers")
    void aRegionReadingABlockingGroupPartlyFromItselfIsScheduledAndFinishes(SchedulingStrategyFactory scheduler)
            throws Exception {
        JobGraph.Builder job = JobGraph.builder("partly-own");
        vertex(job, "a", 2, op("a", "sequence-source", Map.of("from", 1, "to", 30_000)));
        vertex(job, "b", 3, op("b", "identity", Map.of()));
        vertex(job, "c", 2, op("c", "discard-sink", Map.of()));
        job.connect("a", "b", PartitionerKind.RESCALE, ResultPartitionType.PIPELINED);
        job.connect("b", "c", PartitionerKind.RESCALE, ResultPartitionType.BLOCKING);
        job.connect("a", "c", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED);

        JobDetails result = cluster(2, 2).run(job.build(), scheduler);

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.vertices().get(2).recordsIn()).isEqualTo(60_000); // every number via b and straight from a
    }

    @Test
    void wordCountCountsEveryWord() throws Exception {
        Path text = temp.resolve("text.txt");
        Files.writeString(text, "To be, or not to be: that is the question.\nWhether 'tis nobler in the mind to suffer\n"
                + "The slings and arrows of outrageous fortune,\nOr to take arms against a sea of troubles\n");
        Path out = temp.resolve("counts");
        JobGraph.Builder job = JobGraph.builder("wordcount");
        vertex(job, "read", 2, op("read", "text-source", Map.of("path", text.toString())),
                op("words", "tokenize", Map.of()));
        vertex(job, "count", 2, op("count", "count", Map.of()), op("out", "file-sink", Map.of("path", out.toString())));
        job.connect("read", "count", PartitionerKind.HASH, ResultPartitionType.PIPELINED);

        JobDetails result = cluster(2, 2).run(job.build(), new PipelinedRegionSchedulingStrategyFactory());

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        Map<String, Long> counts = JobOutputs.pairs(out);
        assertThat(counts).containsEntry("to", 4L).containsEntry("the", 3L).containsEntry("of", 2L)
                .containsEntry("question", 1L).containsEntry("tis", 1L);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(34);
    }

    @Test
    void everyTaskPassesThroughTheStateMachineInOrderWithTimestamps() throws Exception {
        JobGraph.Builder job = JobGraph.builder("states");
        vertex(job, "src", 2, op("src", "sequence-source", Map.of("from", 1, "to", 1000)));
        vertex(job, "sink", 2, op("sink", "discard-sink", Map.of()));
        job.connect("src", "sink", PartitionerKind.HASH, ResultPartitionType.PIPELINED);
        MiniCluster.Running running = cluster(1, 2).start(job.build(), new PipelinedRegionSchedulingStrategyFactory());
        assertThat(running.run().get(20, SECONDS).status()).isEqualTo(JobStatus.FINISHED);

        ExecutionState[] path = {ExecutionState.CREATED, ExecutionState.SCHEDULED, ExecutionState.DEPLOYING,
                ExecutionState.INITIALIZING, ExecutionState.RUNNING, ExecutionState.FINISHED};
        assertThat(running.stateTimestamps()).hasSize(4).allSatisfy((task, timestamps) -> {
            for (int i = 1; i < path.length; i++) {
                assertThat(timestamps[path[i].ordinal()]).as("%s entered %s", task, path[i])
                        .isGreaterThanOrEqualTo(timestamps[path[i - 1].ordinal()]).isPositive();
            }
            assertThat(timestamps[ExecutionState.FAILED.ordinal()]).isZero();
        });
    }

    @Test
    void slotSharingRunsAJobInAsManySlotsAsItsHighestParallelism() throws Exception {
        // 3 vertices of parallelism 4, 2 and 4: 10 tasks in 4 slots, all running at once (pipelined, eager)
        JobGraph.Builder job = JobGraph.builder("shared");
        vertex(job, "src", 4, op("src", "sequence-source", Map.of("from", 1, "to", 50_000)));
        vertex(job, "map", 2, op("map", "identity", Map.of()));
        vertex(job, "sink", 4, op("sink", "discard-sink", Map.of()));
        job.connect("src", "map", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED);
        job.connect("map", "sink", PartitionerKind.RESCALE, ResultPartitionType.PIPELINED);

        JobDetails result = cluster(2, 2).run(job.build(), new EagerSchedulingStrategyFactory());

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.tasksPerState()).containsExactly(Map.entry(ExecutionState.FINISHED, 10));
        assertThat(result.vertices().get(2).recordsIn()).isEqualTo(50_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulers")
    void aMixedPipelinedAndBlockingJobIsExactForEveryScheduler(SchedulingStrategyFactory scheduler) throws Exception {
        Path out = temp.resolve("mixed");
        JobGraph.Builder job = JobGraph.builder("mixed");
        vertex(job, "src", 3, op("src", "sequence-source", Map.of("from", 1, "to", 30_000)));
        vertex(job, "pair", 3, op("pair", "to-pair", Map.of("keys", 10)));
        vertex(job, "sum", 2, op("sum", "sum", Map.of()));
        vertex(job, "out", 2, op("out", "file-sink", Map.of("path", out.toString())));
        job.connect("src", "pair", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED);
        job.connect("pair", "sum", PartitionerKind.HASH, ResultPartitionType.BLOCKING);
        job.connect("sum", "out", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED);

        JobDetails result = cluster(2, 2).run(job.build(), scheduler);

        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        Map<String, Long> expected = JobOutputs.keyedSums(1, 30_000, 10);
        assertThat(JobOutputs.pairs(out)).isEqualTo(expected);
    }

    @Test
    void aSchedulingStrategyReplacedMidJobPicksUpFromTheCurrentStatesAndTheJobFinishesExactly() throws Exception {
        Path out = temp.resolve("swapped");
        HoldingOperator hold = new HoldingOperator(2);
        cluster = new MiniCluster(2, 2, ShuffleSettings.defaults(temp.resolve("shuffle")), Map.of("hold", hold));
        JobGraph.Builder job = JobGraph.builder("swap");
        vertex(job, "src", 2, op("src", "sequence-source", Map.of("from", 1, "to", 10_000)),
                op("pair", "to-pair", Map.of("keys", 7)), op("hold", "hold", Map.of()));
        vertex(job, "sum", 2, op("sum", "sum", Map.of()), op("out", "file-sink", Map.of("path", out.toString())));
        job.connect("src", "sum", PartitionerKind.HASH, ResultPartitionType.BLOCKING);
        MiniCluster.Running running = cluster.start(job.build(), new PipelinedRegionSchedulingStrategyFactory());
        assertThat(hold.holding.await(20, SECONDS)).isTrue();

        // the sources run, the sums wait for them: the replacement must schedule the sums when the sources finish
        List<String> requestedByReplacement = new java.util.concurrent.CopyOnWriteArrayList<>();
        SchedulingStrategyFactory replacement = (operations, topology) -> new LazyFromSourcesSchedulingStrategyFactory()
                .create(vertices -> {
                    vertices.forEach(v -> requestedByReplacement.add(v.toString()));
                    operations.allocateSlotsAndDeploy(vertices);
                }, topology);
        running.jobMaster().mainThread().execute(() -> running.jobMaster().replaceSchedulingStrategy(replacement));
        hold.release.countDown();

        JobDetails result = running.run().get(20, SECONDS);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(JobStatus.FINISHED);
        Map<String, Long> expected = JobOutputs.keyedSums(1, 10_000, 7);
        assertThat(JobOutputs.pairs(out)).isEqualTo(expected);
        assertThat(requestedByReplacement).containsExactly("sum#0", "sum#1"); // the running sources were left alone
    }

    @Test
    void slotSharingTakesExactlyTheHighestParallelismInSlotsOnALargerCluster() throws Exception {
        JobGraph.Builder job = JobGraph.builder("endless");
        vertex(job, "src", 4, op("src", "sequence-source", Map.of("from", 0, "to", Long.MAX_VALUE - 1)));
        vertex(job, "map", 2, op("map", "identity", Map.of()));
        vertex(job, "sink", 3, op("sink", "discard-sink", Map.of()));
        job.connect("src", "map", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED);
        job.connect("map", "sink", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED);
        MiniCluster local = cluster(3, 4);
        MiniCluster.Running running = local.start(job.build(), new EagerSchedulingStrategyFactory());
        awaitRunning(running, 9);

        assertThat(12 - local.freeSlots()).isEqualTo(4);
        Map<io.sluice.api.job.ExecutionVertexId, io.sluice.api.slot.SlotId> locations = locations(running);
        for (int i = 0; i < 2; i++) { // subtask i of every vertex shares one slot, never two of one vertex
            assertThat(locations.get(task("map#" + i))).isEqualTo(locations.get(task("src#" + i)));
        }
        assertThat(new java.util.HashSet<>(locations.values())).hasSize(4);
        running.cancel();
        assertThat(running.run().get(20, SECONDS).status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void coLocatedSubtasksRunInTheSameSlot() throws Exception {
        JobGraph.Builder job = JobGraph.builder("colocated");
        io.sluice.api.job.CoLocationGroup together = new io.sluice.api.job.CoLocationGroup("together");
        job.vertex("head", List.of(op("head", "sequence-source", Map.of("from", 1, "to", 1000))), 3,
                SlotSharingGroup.DEFAULT, together, ResourceProfile.UNKNOWN);
        job.vertex("tail", List.of(op("tail", "discard-sink", Map.of())), 3, SlotSharingGroup.DEFAULT, together,
                ResourceProfile.UNKNOWN);
        job.connect("head", "tail", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED);
        MiniCluster local = cluster(2, 3);
        MiniCluster.Running running = local.start(job.build(), new EagerSchedulingStrategyFactory());
        assertThat(running.run().get(20, SECONDS).status()).isEqualTo(JobStatus.FINISHED);

        Map<io.sluice.api.job.ExecutionVertexId, io.sluice.api.slot.SlotId> locations = locations(running);
        for (int i = 0; i < 3; i++) {
            assertThat(locations.get(task("tail#" + i))).isEqualTo(locations.get(task("head#" + i)));
        }
    }

    @Test
    void backPressureBoundsTheRecordsInFlightBehindASlowSink() throws Exception {
        JobGraph.Builder job = JobGraph.builder("slow");
        vertex(job, "src", 1, op("src", "sequence-source", Map.of("from", 0, "to", Long.MAX_VALUE - 1)));
        vertex(job, "sink", 1, op("sink", "slow-sink", Map.of()));
        job.connect("src", "sink", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED);
        ShuffleSettings shuffle = ShuffleSettings.defaults(temp.resolve("shuffle"));
        cluster = new MiniCluster(1, 1, shuffle, Map.of("slow-sink", new SlowSink()));
        MiniCluster.Running running = cluster.start(job.build(), new EagerSchedulingStrategyFactory());
        await().atMost(20, SECONDS).until(() -> details(running).vertices().get(1).recordsIn() > 30_000);

        JobDetails details = details(running);
        long inFlight = details.vertices().get(0).recordsOut() - details.vertices().get(1).recordsIn();
        // the channel's batches, the producer's open batch and the one it waits to hand over, the sink's batch
        long bound = (long) (shuffle.batchesPerChannel() + 3) * shuffle.batchSize();
        assertThat(inFlight).isBetween(0L, bound);
        running.cancel();
        assertThat(running.run().get(20, SECONDS).status()).isEqualTo(JobStatus.CANCELED);
    }

    /** A sink that takes about a millisecond per 32 records. */
    private static final class SlowSink implements io.sluice.api.operator.OperatorFactory {
        @Override
        public io.sluice.api.operator.OperatorKind kind() {
            return io.sluice.api.operator.OperatorKind.SINK;
        }

        @Override
        public io.sluice.api.operator.Operator create(io.sluice.api.operator.OperatorContext context) {
            return new io.sluice.api.operator.SinkOperator() {
                private long seen;

                @Override
                public void write(Object record) throws InterruptedException {
                    if (++seen % 32 == 0) {
                        Thread.sleep(1);
                    }
                }
            };
        }
    }

    private static io.sluice.api.job.ExecutionVertexId task(String id) {
        return io.sluice.api.job.ExecutionVertexId.parse(id);
    }

    private static JobDetails details(MiniCluster.Running running) {
        return running.details();
    }

    private static Map<io.sluice.api.job.ExecutionVertexId, io.sluice.api.slot.SlotId> locations(
            MiniCluster.Running running) {
        return running.taskLocations();
    }

    private static void awaitRunning(MiniCluster.Running running, int tasks) {
        await().atMost(10, SECONDS).until(() -> running.tasksIn(ExecutionState.RUNNING) == tasks);
    }

    @Test
    void aFailingTaskFailsTheJobWithItsCauseAndFreesEverySlot() throws Exception {
        JobGraph.Builder job = JobGraph.builder("failing");
        vertex(job, "src", 2, op("src", "sequence-source", Map.of("from", 1, "to", 1_000_000)),
                op("boom", "fail", Map.of("subtask", 1, "atRecord", 500)));
        vertex(job, "sink", 2, op("sink", "discard-sink", Map.of()));
        job.connect("src", "sink", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED);

        JobDetails result = cluster(1, 2).run(job.build(), new PipelinedRegionSchedulingStrategyFactory());

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.failure().message()).contains("src#1", "injected failure");
        assertThat(result.tasksPerState()).doesNotContainKeys(ExecutionState.RUNNING, ExecutionState.CANCELING);
        await().atMost(10, SECONDS).until(() -> cluster.freeSlots() == 2 && cluster.runningTasks() == 0);
    }

    @Test
    void cancellingARunningJobStopsEveryTaskAndFreesEverySlot() throws Exception {
        JobGraph.Builder job = JobGraph.builder("endless");
        vertex(job, "src", 2, op("src", "sequence-source", Map.of("from", 0, "to", Long.MAX_VALUE - 1)));
        vertex(job, "sink", 2, op("sink", "discard-sink", Map.of()));
        job.connect("src", "sink", PartitionerKind.HASH, ResultPartitionType.PIPELINED);
        MiniCluster local = cluster(2, 1);
        MiniCluster.Running running = local.start(job.build(), new PipelinedRegionSchedulingStrategyFactory());
        await().atMost(10, SECONDS).until(() -> running.tasksIn(ExecutionState.RUNNING) == 4);

        running.cancel();

        JobDetails result = running.run().get(20, SECONDS);
        assertThat(result.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(result.tasksPerState()).containsExactly(Map.entry(ExecutionState.CANCELED, 4));
        await().atMost(10, SECONDS).until(() -> local.freeSlots() == 2 && local.runningTasks() == 0);
        assertThat(local.partitions().countOf(result.job())).isZero();
    }
}
