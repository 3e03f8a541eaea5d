package io.sluice.benchmarks;

import io.sluice.api.job.JobGraph;
import io.sluice.executiongraph.ExecutionGraph;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flink's BuildExecutionGraphBenchmark: the job graph is made untimed; timed is building the execution
 * graph from it, which includes the scheduling topology and its pipelined regions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BuildExecutionGraphBenchmark {

    @Param({"STREAMING", "BATCH"})
    public JobConfiguration jobConfiguration;

    @Param({"4000"})
    public int parallelism;

    private JobGraph jobGraph;

    @Setup
    public void createJobGraph() {
        jobGraph = jobConfiguration.jobGraph(parallelism);
    }

    @Benchmark
    public ExecutionGraph buildTopology() {
        return ExecutionGraph.build(jobGraph);
    }
}
