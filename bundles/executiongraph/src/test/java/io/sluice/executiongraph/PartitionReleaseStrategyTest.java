package io.sluice.executiongraph;

import static io.sluice.api.job.PartitionerKind.FORWARD;
import static io.sluice.api.job.PartitionerKind.HASH;
import static io.sluice.api.job.ResultPartitionType.BLOCKING;
import static io.sluice.api.job.ResultPartitionType.PIPELINED;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobGraph;
import org.junit.jupiter.api.Test;

class PartitionReleaseStrategyTest {

    @Test
    void aGroupIsReleasedWhenEveryConsumerRegionFinishedAndKeptWhenOneRunsAgain() {
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2)
                .connect("src", "sink", HASH, BLOCKING).build());
        PartitionReleaseStrategy strategy = new PartitionReleaseStrategy(graph);
        assertThat(strategy.vertexFinished(ExecutionVertexId.parse("src#0"))).isEmpty();
        assertThat(strategy.vertexFinished(ExecutionVertexId.parse("sink#0"))).isEmpty();
        strategy.vertexUnfinished(ExecutionVertexId.parse("sink#0"));
        assertThat(strategy.vertexFinished(ExecutionVertexId.parse("sink#1"))).isEmpty();
        assertThat(strategy.vertexFinished(ExecutionVertexId.parse("sink#0"))).singleElement()
                .satisfies(group -> assertThat(group.size()).isEqualTo(2));
    }

    @Test
    void aRegionCountsAsFinishedOnlyWhenAllItsTasksFinished() {
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("src", "x", 1).vertex("a", "x", 1)
                .vertex("b", "x", 1).connect("src", "a", FORWARD, BLOCKING).connect("a", "b", FORWARD, PIPELINED).build());
        PartitionReleaseStrategy strategy = new PartitionReleaseStrategy(graph);
        assertThat(strategy.vertexFinished(ExecutionVertexId.parse("a#0"))).isEmpty();
        assertThat(strategy.vertexFinished(ExecutionVertexId.parse("b#0"))).hasSize(1);
    }
}
