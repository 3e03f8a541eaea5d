package io.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executiongraph.ExecutionGraph;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark body once on a small job and checks it did the work it claims, so the benchmarks
 * keep working and keep measuring something real; timings belong to JMH.
 */
class BenchmarkSmokeTest {
    private static final int PARALLELISM = 10;

    @Test
    void buildExecutionGraphBuildsTheSourceSinkTopology() {
        for (JobConfiguration configuration : JobConfiguration.values()) {
            BuildExecutionGraphBenchmark benchmark = new BuildExecutionGraphBenchmark();
            benchmark.jobConfiguration = configuration;
            benchmark.parallelism = PARALLELISM;
            benchmark.createJobGraph();
            ExecutionGraph graph = benchmark.buildTopology();
            assertThat(graph.taskCount()).isEqualTo(2 * PARALLELISM);
            assertThat(graph.getAllPipelinedRegions())
                    .hasSize(configuration == JobConfiguration.STREAMING ? 1 : 2 * PARALLELISM);
        }
    }

    @Test
    void initSchedulingStrategyCreatesAStrategy() {
        InitSchedulingStrategyBenchmark benchmark = new InitSchedulingStrategyBenchmark();
        benchmark.jobConfiguration = JobConfiguration.BATCH;
        benchmark.parallelism = PARALLELISM;
        benchmark.setup();
        assertThat(benchmark.initSchedulingStrategy()).isNotNull();
    }

    @Test
    void schedulingDownstreamTasksRequestsEverySinkOnceTheLastSourceFinished() {
        SchedulingDownstreamTasksInBatchJobBenchmark benchmark = new SchedulingDownstreamTasksInBatchJobBenchmark();
        benchmark.parallelism = PARALLELISM;
        benchmark.setup();
        assertThat(benchmark.requests).hasSize(1).allSatisfy(request -> assertThat(request).hasSize(PARALLELISM));
        benchmark.schedulingDownstreamTasks();
        assertThat(benchmark.requests).hasSize(2);
        assertThat(benchmark.requests.get(1)).hasSize(PARALLELISM)
                .allSatisfy(id -> assertThat(id.jobVertexId()).isEqualTo(Graphs.SINK));
    }

    @Test
    void regionToRestartFindsFlinksRestartSets() {
        RegionToRestartBenchmarks benchmarks = new RegionToRestartBenchmarks();
        RegionToRestartBenchmarks.BatchJob batch = new RegionToRestartBenchmarks.BatchJob();
        batch.parallelism = PARALLELISM;
        batch.setup();
        assertThat(benchmarks.regionToRestartInBatchJob(batch)).hasSize(1 + PARALLELISM)
                .contains(RegionToRestartBenchmarks.FAILED);
        RegionToRestartBenchmarks.StreamingJob streaming = new RegionToRestartBenchmarks.StreamingJob();
        streaming.parallelism = PARALLELISM;
        streaming.setup();
        assertThat(benchmarks.regionToRestartInStreamingJob(streaming)).hasSize(2 * PARALLELISM);
    }

    @Test
    void partitionReleaseFreesTheSourcePartitionsOnceEverySinkFinished() {
        PartitionReleaseInBatchJobBenchmark benchmark = new PartitionReleaseInBatchJobBenchmark();
        benchmark.parallelism = PARALLELISM;
        benchmark.setup();
        assertThat(benchmark.partitionRelease()).singleElement()
                .satisfies(group -> assertThat(group.size()).isEqualTo(PARALLELISM));
    }

    @Test
    void slotManagerAllocatesEverySlotAndFreesThemAll() {
        for (String matcher : java.util.List.of("spread", "best-fit")) {
            SlotManagerBenchmark benchmark = new SlotManagerBenchmark();
            benchmark.matcher = matcher;
            benchmark.workers = 10;
            benchmark.setup();
            assertThat(benchmark.allocateAndFreeEverySlot()).isEqualTo(10 * SlotManagerBenchmark.SLOTS_PER_WORKER);
            assertThat(benchmark.slotManager.freeSlots()).isEqualTo(10 * SlotManagerBenchmark.SLOTS_PER_WORKER);
        }
    }

    @Test
    void jobThroughputRunsBothKeyedSumsToTheEnd() throws Exception {
        JobThroughputBenchmark benchmark = new JobThroughputBenchmark();
        benchmark.records = 10_000;
        benchmark.startCluster();
        try {
            for (boolean streaming : new boolean[] {true, false}) {
                benchmark.streaming = streaming;
                assertThat(benchmark.keyedSum().vertices().get(1).recordsIn()).isEqualTo(10_000);
            }
        } finally {
            benchmark.stopCluster();
        }
    }

    @Test
    void chain100DeploymentSeesAllHundredTasksRunning() throws Exception {
        Chain100DeploymentBenchmark benchmark = new Chain100DeploymentBenchmark();
        benchmark.startCluster();
        try {
            benchmark.compile();
            assertThat(benchmark.submitUntilAllRunning()).isEqualTo(100);
            benchmark.cancel();
        } finally {
            benchmark.stopCluster();
        }
    }

    @Test
    void schedulingAndDeployingDeploysEveryDueTaskFromThePool() {
        for (JobConfiguration configuration : JobConfiguration.values()) {
            io.sluice.jobmaster.internal.SchedulingAndDeployingBenchmark benchmark =
                    new io.sluice.jobmaster.internal.SchedulingAndDeployingBenchmark();
            benchmark.jobConfiguration = configuration;
            benchmark.parallelism = PARALLELISM;
            benchmark.setup();
            assertThat(benchmark.schedulingAndDeployingComplete())
                    .isEqualTo(configuration == JobConfiguration.STREAMING ? 2 * PARALLELISM : PARALLELISM);
        }
    }

    @Test
    void failureRecoveryMeasuresAFailedRegionRunningAgain() throws Exception {
        FailureRecoveryBenchmark benchmark = new FailureRecoveryBenchmark();
        benchmark.startCluster();
        try {
            benchmark.runUntilTheFailureIsArmed();
            assertThat(benchmark.failureUntilReplacementRunning()).isEqualTo(4);
            assertThat(benchmark.running.details().failures()).singleElement()
                    .satisfies(f -> assertThat(f.cause().message()).contains("injected failure"));
            benchmark.cancel();
        } finally {
            benchmark.stopCluster();
        }
    }
}
