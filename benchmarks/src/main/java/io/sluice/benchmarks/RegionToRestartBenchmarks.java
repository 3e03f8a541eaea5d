package io.sluice.benchmarks;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.failover.region.RegionFailoverStrategyFactory;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flink's RegionToRestartInBatchJobBenchmark and RegionToRestartInStreamingJobBenchmark: the graph, its task
 * states and the region strategy are set up untimed; timed is computing the restart set of source#0's
 * failure. BATCH: sources finished, sinks deployed (source#0 and the 4,000 sinks restart). STREAMING:
 * everything running (all 8,000 tasks restart).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RegionToRestartBenchmarks {
    static final ExecutionVertexId FAILED = new ExecutionVertexId(Graphs.SOURCE, 0);

    @State(Scope.Thread)
    public static class BatchJob {
        @Param({"4000"})
        public int parallelism;

        FailoverStrategy strategy;

        @Setup(Level.Invocation)
        public void setup() {
            ExecutionGraph graph = ExecutionGraph.build(JobConfiguration.BATCH.jobGraph(parallelism));
            Graphs.transition(graph, Graphs.SOURCE, ExecutionState.FINISHED);
            Graphs.transition(graph, Graphs.SINK, ExecutionState.DEPLOYING);
            strategy = new RegionFailoverStrategyFactory().create(graph, partition -> true);
        }
    }

    @State(Scope.Thread)
    public static class StreamingJob {
        @Param({"4000"})
        public int parallelism;

        FailoverStrategy strategy;

        @Setup(Level.Invocation)
        public void setup() {
            ExecutionGraph graph = ExecutionGraph.build(JobConfiguration.STREAMING.jobGraph(parallelism));
            Graphs.transition(graph, Graphs.SOURCE, ExecutionState.RUNNING);
            Graphs.transition(graph, Graphs.SINK, ExecutionState.RUNNING);
            strategy = new RegionFailoverStrategyFactory().create(graph, partition -> true);
        }
    }

    @Benchmark
    public Set<ExecutionVertexId> regionToRestartInBatchJob(BatchJob job) {
        return job.strategy.getTasksNeedingRestart(FAILED, new Exception("For test."));
    }

    @Benchmark
    public Set<ExecutionVertexId> regionToRestartInStreamingJob(StreamingJob job) {
        return job.strategy.getTasksNeedingRestart(FAILED, new Exception("For test."));
    }
}
