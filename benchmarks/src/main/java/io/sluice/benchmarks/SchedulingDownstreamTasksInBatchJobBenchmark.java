package io.sluice.benchmarks;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.IntermediateResultPartition;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import java.util.ArrayList;
import java.util.List;
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
 * Flink's SchedulingDownstreamTasksInBatchJobBenchmark (BATCH): sources were scheduled untimed; timed is every
 * source finishing (its partitions finish, the strategy hears of it) until the sinks are requested.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SchedulingDownstreamTasksInBatchJobBenchmark {

    @Param({"4000"})
    public int parallelism;

    ExecutionGraph graph;
    SchedulingStrategy strategy;
    final List<List<ExecutionVertexId>> requests = new ArrayList<>();

    @Setup(Level.Invocation)
    public void setup() {
        graph = ExecutionGraph.build(JobConfiguration.BATCH.jobGraph(parallelism));
        requests.clear();
        strategy = new PipelinedRegionSchedulingStrategyFactory().create(requests::add, graph);
        strategy.startScheduling();
    }

    @Benchmark
    public void schedulingDownstreamTasks() {
        for (ExecutionVertex source : graph.jobVertex(Graphs.SOURCE).vertices()) {
            source.getProducedResults().forEach(IntermediateResultPartition::markFinished);
            strategy.onExecutionStateChange(source.getId(), ExecutionState.FINISHED);
        }
    }
}
