package io.sluice.benchmarks;

import io.sluice.api.job.ExecutionState;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.PartitionGroup;
import io.sluice.executiongraph.PartitionReleaseStrategy;
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
 * Flink's PartitionReleaseInBatchJobBenchmark (BATCH): sources finished and sinks deployed untimed; timed is
 * every sink finishing, until the release strategy frees the sources' partitions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PartitionReleaseInBatchJobBenchmark {

    @Param({"4000"})
    public int parallelism;

    ExecutionGraph graph;
    PartitionReleaseStrategy releaseStrategy;

    @Setup(Level.Invocation)
    public void setup() {
        graph = ExecutionGraph.build(JobConfiguration.BATCH.jobGraph(parallelism));
        releaseStrategy = new PartitionReleaseStrategy(graph);
        Graphs.transition(graph, Graphs.SOURCE, ExecutionState.FINISHED);
        for (ExecutionVertex source : graph.jobVertex(Graphs.SOURCE).vertices()) {
            releaseStrategy.vertexFinished(source.getId());
        }
        Graphs.transition(graph, Graphs.SINK, ExecutionState.DEPLOYING);
    }

    @Benchmark
    public List<PartitionGroup> partitionRelease() {
        List<PartitionGroup> released = new ArrayList<>();
        for (ExecutionVertex sink : graph.jobVertex(Graphs.SINK).vertices()) {
            sink.setState(ExecutionState.FINISHED);
            released.addAll(releaseStrategy.vertexFinished(sink.getId()));
        }
        return released;
    }
}
