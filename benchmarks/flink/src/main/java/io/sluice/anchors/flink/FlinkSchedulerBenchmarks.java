package io.sluice.anchors.flink;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.scheduler.benchmark.JobConfiguration;
import org.apache.flink.runtime.scheduler.benchmark.deploying.DeployingDownstreamTasksInBatchJobBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.deploying.DeployingTasksInStreamingJobBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.e2e.HandleGlobalFailureAndRestartAllTasksBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.e2e.SchedulingAndDeployingBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.failover.RegionToRestartInBatchJobBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.failover.RegionToRestartInStreamingJobBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.partitionrelease.PartitionReleaseInBatchJobBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.scheduling.InitSchedulingStrategyBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.scheduling.SchedulingDownstreamTasksInBatchJobBenchmark;
import org.apache.flink.runtime.scheduler.benchmark.topology.BuildExecutionGraphBenchmark;
import org.apache.flink.runtime.scheduler.strategy.ExecutionVertexID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flink's scheduler benchmark classes run as flink-benchmarks runs them: a fresh set-up per invocation
 * (Level.Invocation), the benchmark method timed. Same JMH settings as Sluice's benchmarks/.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlinkSchedulerBenchmarks {

    @State(Scope.Thread)
    public static class Configuration {
        @Param({"STREAMING", "BATCH"})
        public String jobConfiguration;

        JobConfiguration get() {
            return JobConfiguration.valueOf(jobConfiguration);
        }
    }

    @State(Scope.Thread)
    public static class BuildExecutionGraph {
        BuildExecutionGraphBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup(Configuration configuration) throws Exception {
            benchmark = new BuildExecutionGraphBenchmark();
            benchmark.setup(configuration.get());
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public void buildExecutionGraph(BuildExecutionGraph state) throws Exception {
        state.benchmark.buildTopology();
    }

    @State(Scope.Thread)
    public static class InitSchedulingStrategy {
        InitSchedulingStrategyBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup(Configuration configuration) throws Exception {
            benchmark = new InitSchedulingStrategyBenchmark();
            benchmark.setup(configuration.get());
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public Object initSchedulingStrategy(InitSchedulingStrategy state) {
        return state.benchmark.initSchedulingStrategy();
    }

    @State(Scope.Thread)
    public static class SchedulingDownstreamTasks {
        SchedulingDownstreamTasksInBatchJobBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup() throws Exception {
            benchmark = new SchedulingDownstreamTasksInBatchJobBenchmark();
            benchmark.setup(JobConfiguration.BATCH);
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public void schedulingDownstreamTasksInBatchJob(SchedulingDownstreamTasks state) {
        state.benchmark.schedulingDownstreamTasks();
    }

    @State(Scope.Thread)
    public static class RegionToRestartBatch {
        RegionToRestartInBatchJobBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup() throws Exception {
            benchmark = new RegionToRestartInBatchJobBenchmark();
            benchmark.setup(JobConfiguration.BATCH);
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public Set<ExecutionVertexID> regionToRestartInBatchJob(RegionToRestartBatch state) {
        return state.benchmark.calculateRegionToRestart();
    }

    @State(Scope.Thread)
    public static class RegionToRestartStreaming {
        RegionToRestartInStreamingJobBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup() throws Exception {
            benchmark = new RegionToRestartInStreamingJobBenchmark();
            benchmark.setup(JobConfiguration.STREAMING);
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public Set<ExecutionVertexID> regionToRestartInStreamingJob(RegionToRestartStreaming state) {
        return state.benchmark.calculateRegionToRestart();
    }

    @State(Scope.Thread)
    public static class PartitionRelease {
        PartitionReleaseInBatchJobBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup() throws Exception {
            benchmark = new PartitionReleaseInBatchJobBenchmark();
            benchmark.setup(JobConfiguration.BATCH);
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public void partitionReleaseInBatchJob(PartitionRelease state) {
        state.benchmark.partitionRelease();
    }

    @State(Scope.Thread)
    public static class DeployingStreaming {
        DeployingTasksInStreamingJobBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup() throws Exception {
            benchmark = new DeployingTasksInStreamingJobBenchmark();
            benchmark.setup(JobConfiguration.STREAMING);
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public void deployingTasksInStreamingJob(DeployingStreaming state) throws Exception {
        state.benchmark.deployAllTasks();
    }

    @State(Scope.Thread)
    public static class DeployingDownstreamBatch {
        DeployingDownstreamTasksInBatchJobBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup() throws Exception {
            benchmark = new DeployingDownstreamTasksInBatchJobBenchmark();
            benchmark.setup(JobConfiguration.BATCH);
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public void deployingDownstreamTasksInBatchJob(DeployingDownstreamBatch state) throws Exception {
        state.benchmark.deployDownstreamTasks();
    }

    @State(Scope.Thread)
    public static class SchedulingAndDeploying {
        SchedulingAndDeployingBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup(Configuration configuration) throws Exception {
            benchmark = new SchedulingAndDeployingBenchmark();
            benchmark.setup(configuration.get());
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public void schedulingAndDeployingComplete(SchedulingAndDeploying state) throws Exception {
        state.benchmark.startScheduling();
    }

    @State(Scope.Thread)
    public static class GlobalFailure {
        @Param({"STREAMING", "BATCH", "STREAMING_EVENLY", "BATCH_EVENLY"})
        public String jobConfiguration;

        HandleGlobalFailureAndRestartAllTasksBenchmark benchmark;

        @Setup(Level.Invocation)
        public void setup() throws Exception {
            benchmark = new HandleGlobalFailureAndRestartAllTasksBenchmark();
            benchmark.setup(JobConfiguration.valueOf(jobConfiguration));
        }

        @TearDown(Level.Invocation)
        public void teardown() {
            benchmark.teardown();
        }
    }

    @Benchmark
    public void handleGlobalFailureAndRestartAllTasks(GlobalFailure state) throws Exception {
        state.benchmark.handleGlobalFailureAndRestartAllTasks();
    }
}
