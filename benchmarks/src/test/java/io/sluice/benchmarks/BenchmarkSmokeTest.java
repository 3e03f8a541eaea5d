package io.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executiongraph.ExecutionGraph;
import org.junit.jupiter.api.Test;

/** Runs each benchmark body once on a small job so the benchmarks keep working; timings belong to JMH. */
class BenchmarkSmokeTest {

    @Test
    void buildExecutionGraphBuildsTheSourceSinkTopology() {
        for (JobConfiguration configuration : JobConfiguration.values()) {
            BuildExecutionGraphBenchmark benchmark = new BuildExecutionGraphBenchmark();
            benchmark.jobConfiguration = configuration;
            benchmark.parallelism = 10;
            benchmark.createJobGraph();
            ExecutionGraph graph = benchmark.buildTopology();
            assertThat(graph.taskCount()).isEqualTo(20);
            assertThat(graph.getAllPipelinedRegions()).hasSize(configuration == JobConfiguration.STREAMING ? 1 : 20);
        }
    }
}
