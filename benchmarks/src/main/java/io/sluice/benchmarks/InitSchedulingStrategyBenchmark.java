package io.sluice.benchmarks;

import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
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

/** Flink's InitSchedulingStrategyBenchmark: timed is creating the pipelined-region strategy on a built graph. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class InitSchedulingStrategyBenchmark {

    @Param({"STREAMING", "BATCH"})
    public JobConfiguration jobConfiguration;

    @Param({"4000"})
    public int parallelism;

    ExecutionGraph graph;

    @Setup(Level.Invocation)
    public void setup() {
        graph = ExecutionGraph.build(jobConfiguration.jobGraph(parallelism));
    }

    @Benchmark
    public SchedulingStrategy initSchedulingStrategy() {
        return new PipelinedRegionSchedulingStrategyFactory().create(vertices -> { }, graph);
    }
}
