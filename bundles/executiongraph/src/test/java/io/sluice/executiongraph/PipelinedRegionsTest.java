package io.sluice.executiongraph;

import static io.sluice.api.job.PartitionerKind.FORWARD;
import static io.sluice.api.job.PartitionerKind.HASH;
import static io.sluice.api.job.PartitionerKind.REBALANCE;
import static io.sluice.api.job.PartitionerKind.RESCALE;
import static io.sluice.api.job.ResultPartitionType.BLOCKING;
import static io.sluice.api.job.ResultPartitionType.PIPELINED;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobGraph;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Region shapes, including the topologies of Flink's own PipelinedRegionComputeUtilTest. */
class PipelinedRegionsTest {

    private static Set<Set<String>> regions(JobGraph.Builder builder) {
        ExecutionGraph graph = ExecutionGraph.build(builder.build());
        Set<Set<String>> regions = graph.getAllPipelinedRegions().stream()
                .map(region -> region.getVertices().stream().map(v -> v.getId().toString()).collect(Collectors.toSet()))
                .collect(Collectors.toSet());
        // every task is in exactly one region, and its region says so
        assertThat(graph.getAllPipelinedRegions().stream().mapToInt(PipelinedRegion::size).sum()).isEqualTo(graph.taskCount());
        for (ExecutionVertex vertex : graph.getVertices()) {
            assertThat(vertex.region().contains(vertex.getId())).isTrue();
            assertThat(graph.getPipelinedRegionOfVertex(vertex.getId())).isSameAs(vertex.region());
        }
        return regions;
    }

    private static Set<String> set(String... tasks) {
        return Set.of(tasks);
    }

    @Test
    void individualVerticesAreIndividualRegions() {
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 1).vertex("b", "x", 1).vertex("c", "x", 1)))
                .containsExactlyInAnyOrder(set("a#0"), set("b#0"), set("c#0"));
    }

    @Test
    void embarrassinglyParallelPipelinesAreOneRegionPerSubtask() {
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 2).vertex("c", "x", 2)
                .connect("a", "b", FORWARD, PIPELINED).connect("b", "c", FORWARD, PIPELINED)))
                .containsExactlyInAnyOrder(set("a#0", "b#0", "c#0"), set("a#1", "b#1", "c#1"));
    }

    @Test
    void allToAllPipelinedExchangesMakeOneComponent() {
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 2).vertex("c", "x", 2)
                .connect("a", "b", HASH, PIPELINED).connect("b", "c", REBALANCE, PIPELINED))).hasSize(1);
    }

    @Test
    void aCascadeOfPipelinedJoinsIsOneComponent() {
        JobGraph.Builder builder = JobGraph.builder("j");
        for (int i = 1; i <= 7; i++) {
            builder.vertex("v" + i, "x", 1);
        }
        builder.connect("v1", "v5", FORWARD, PIPELINED).connect("v2", "v5", FORWARD, PIPELINED)
                .connect("v3", "v6", FORWARD, PIPELINED).connect("v4", "v6", FORWARD, PIPELINED)
                .connect("v5", "v7", FORWARD, PIPELINED).connect("v6", "v7", FORWARD, PIPELINED);
        assertThat(regions(builder)).hasSize(1);
    }

    @Test
    void aPointwiseBlockingExchangeSplitsComponents() {
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 2).vertex("c", "x", 2)
                .connect("a", "b", HASH, PIPELINED).connect("b", "c", FORWARD, BLOCKING)))
                .containsExactlyInAnyOrder(set("a#0", "a#1", "b#0", "b#1"), set("c#0"), set("c#1"));
    }

    @Test
    void anAllToAllBlockingExchangeSplitsComponents() {
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 2).vertex("c", "x", 2)
                .connect("a", "b", HASH, PIPELINED).connect("b", "c", HASH, BLOCKING)))
                .containsExactlyInAnyOrder(set("a#0", "a#1", "b#0", "b#1"), set("c#0"), set("c#1"));
    }

    @Test
    void aDiamondWithMixedExchangesIsOneRegionBecauseTheBlockingEdgeWouldCloseACycle() {
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 1).vertex("b", "x", 1).vertex("c", "x", 1)
                .vertex("d", "x", 1)
                .connect("a", "b", FORWARD, BLOCKING).connect("a", "c", FORWARD, PIPELINED)
                .connect("b", "d", FORWARD, PIPELINED).connect("c", "d", FORWARD, PIPELINED)))
                .containsExactly(set("a#0", "b#0", "c#0", "d#0"));
    }

    @Test
    void regionsThatReachEachOtherThroughBlockingEdgesAreMerged() {
        // {a, c} -> b -> {a, c} through blocking edges: scheduling either first would deadlock
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 1).vertex("b", "x", 1).vertex("c", "x", 1)
                .connect("a", "c", FORWARD, PIPELINED).connect("a", "b", FORWARD, BLOCKING)
                .connect("b", "c", FORWARD, BLOCKING))).containsExactly(set("a#0", "b#0", "c#0"));
    }

    @Test
    void aPointwiseBlockingEdgeInsideALogicalRegionSplitsItLikeFlink() {
        // issue 10: Flink builds these regions from the pipelined connections; only an all-to-all edge merges all
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 3).vertex("c", "x", 2)
                .connect("a", "b", RESCALE, PIPELINED).connect("b", "c", RESCALE, BLOCKING)
                .connect("a", "c", FORWARD, PIPELINED)))
                .containsExactlyInAnyOrder(set("a#0", "b#0", "b#1", "c#0"), set("a#1", "b#2", "c#1"));
    }

    @Test
    void aRegionListsAGroupItReadsPartlyFromAnotherRegionAndNoneItReadsFromItself() {
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 3)
                .vertex("c", "x", 2)
                .connect("a", "b", RESCALE, PIPELINED).connect("b", "c", RESCALE, BLOCKING)
                .connect("a", "c", FORWARD, PIPELINED).build());
        // c#0 reads b#0 of its own region; c#1 reads b#1 (the other region) and b#2 (its own)
        assertThat(graph.getPipelinedRegionOfVertex(ExecutionVertexId.parse("c#0")).getAllBlockingConsumedPartitionGroups())
                .isEmpty();
        assertThat(graph.getPipelinedRegionOfVertex(ExecutionVertexId.parse("c#1")).getAllBlockingConsumedPartitionGroups())
                .singleElement().satisfies(group -> assertThat(group.size()).isEqualTo(2));
    }

    @Test
    void anAllToAllBlockingEdgeInsideALogicalRegionMakesItOneRegion() {
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 2).vertex("c", "x", 2)
                .connect("a", "b", FORWARD, PIPELINED).connect("b", "c", HASH, BLOCKING)
                .connect("a", "c", FORWARD, PIPELINED))).hasSize(1);
    }

    @Test
    void pointwiseRegionsOfOneLogicalRegionThatReachEachOtherThroughBlockingConnectionsAreMerged() {
        // pipelined connections make {a#0, b#0, c#0, d#0} and the rest; b -> c makes the first wait for b#1 of the
        // second, c -> d the second for c#0 of the first: one region, as in Flink
        assertThat(regions(JobGraph.builder("j").vertex("a", "x", 3).vertex("b", "x", 4).vertex("c", "x", 2)
                .vertex("d", "x", 3)
                .connect("a", "c", RESCALE, PIPELINED).connect("b", "d", RESCALE, PIPELINED)
                .connect("a", "d", RESCALE, PIPELINED).connect("c", "d", RESCALE, BLOCKING)
                .connect("b", "c", RESCALE, BLOCKING))).hasSize(1);
    }

    @Test
    void pipelinedRescaleJoinsEachConsumerWithItsProducers() {
        assertThat(regions(JobGraph.builder("j").vertex("p", "x", 4).vertex("c", "x", 2)
                .connect("p", "c", RESCALE, PIPELINED)))
                .containsExactlyInAnyOrder(set("p#0", "p#1", "c#0"), set("p#2", "p#3", "c#1"));
    }

    @Test
    void aRegionListsTheBlockingGroupsItReadsOnceAndNoPipelinedOnes() {
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("etl").vertex("src", "x", 4).vertex("out", "x", 2)
                .vertex("sink", "x", 2)
                .connect("src", "out", HASH, BLOCKING).connect("out", "sink", FORWARD, PIPELINED).build());
        assertThat(graph.getAllPipelinedRegions()).hasSize(6);
        PipelinedRegion outRegion = graph.getPipelinedRegionOfVertex(ExecutionVertexId.parse("out#1"));
        assertThat(outRegion.getVertices()).extracting(SchedulingExecutionVertex::getId).extracting(Object::toString)
                .containsExactly("out#1", "sink#1");
        assertThat(outRegion.getAllBlockingConsumedPartitionGroups()).singleElement()
                .satisfies(group -> assertThat(group.size()).isEqualTo(4));
        assertThat(graph.getPipelinedRegionOfVertex(ExecutionVertexId.parse("src#0")).getAllBlockingConsumedPartitionGroups())
                .isEmpty();
        assertThat(outRegion.contains(ExecutionVertexId.parse("out#0"))).isFalse();
        assertThat(outRegion.contains(ExecutionVertexId.parse("nope#0"))).isFalse();
    }

    @Test
    void regionsListTheirTasksInTopologicalOrder() {
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 2)
                .connect("a", "b", HASH, PIPELINED).build());
        assertThat(graph.getAllPipelinedRegions().get(0).getVertices()).extracting(v -> v.getId().toString())
                .isEqualTo(List.of("a#0", "a#1", "b#0", "b#1"));
    }
}
