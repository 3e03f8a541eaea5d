package io.sluice.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobGraphBuilderTest {

    @Test
    void verticesComeOutInTopologicalOrderWithTheirEdges() {
        JobGraph graph = JobGraph.builder("etl")
                .vertex("out", "discard-sink", 2)
                .vertex("map", "identity", 4)
                .vertex("src", "sequence-source", 4)
                .connect("src", "map", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)
                .connect("map", "out", PartitionerKind.HASH, ResultPartitionType.BLOCKING)
                .build();

        assertThat(graph.vertices()).extracting(v -> v.id().value()).containsExactly("src", "map", "out");
        JobVertex map = graph.vertex(new JobVertexId("map"));
        assertThat(map.inputs()).singleElement().satisfies(edge -> {
            assertThat(edge.distributionPattern()).isEqualTo(DistributionPattern.POINTWISE);
            assertThat(edge.source().producer().id().value()).isEqualTo("src");
        });
        assertThat(map.producedDataSets()).singleElement().satisfies(ds -> {
            assertThat(ds.resultType()).isEqualTo(ResultPartitionType.BLOCKING);
            assertThat(ds.consumer().partitioner()).isEqualTo(PartitionerKind.HASH);
            assertThat(ds.consumer().distributionPattern()).isEqualTo(DistributionPattern.ALL_TO_ALL);
        });
        assertThat(graph.taskCount()).isEqualTo(10);
    }

    @Test
    void everyEdgeHasItsOwnDataSetEvenWhenVertexIdsLookLikeDataSetIds() {
        JobGraph graph = JobGraph.builder("tricky")
                .vertex("a", "sequence-source", 1)
                .vertex("a->b", "sequence-source", 1)
                .vertex("b", "identity", 1)
                .vertex("b@1", "identity", 1)
                .vertex("b->c", "identity", 1)
                .connect("a", "b@1", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)
                .connect("a", "b", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)
                .connect("a->b", "b->c", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)
                .connect("a", "b->c", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)
                .build();

        List<IntermediateDataSet> dataSets = graph.vertices().stream()
                .flatMap(v -> v.producedDataSets().stream()).toList();
        assertThat(dataSets).extracting(IntermediateDataSet::id).doesNotHaveDuplicates().hasSize(4);
        for (IntermediateDataSet dataSet : dataSets) {
            assertThat(dataSet.consumer().source()).isSameAs(dataSet);
        }
        assertThat(graph.vertex(new JobVertexId("b")).inputs()).singleElement()
                .satisfies(edge -> assertThat(edge.source().producer().id().value()).isEqualTo("a"));
    }

    @Test
    void rejectsParallelismBelowOneNamingJobAndVertex() {
        assertThatThrownBy(() -> JobGraph.builder("etl").vertex("map", "identity", 0))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("job 'etl': vertex 'map' has parallelism 0 (must be from 1 to 32768)");
    }

    @Test
    void rejectsDuplicateIds() {
        assertThatThrownBy(() -> JobGraph.builder("j").vertex("a", "identity", 1).vertex("a", "identity", 1))
                .hasMessage("job 'j': duplicate vertex id 'a'");
    }

    @Test
    void rejectsForwardBetweenDifferentParallelisms() {
        assertThatThrownBy(() -> JobGraph.builder("j").vertex("a", "identity", 2).vertex("b", "identity", 3)
                .connect("a", "b", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED))
                .hasMessageContaining("job 'j': edge a -> b is forward between different parallelisms (2 and 3)");
    }

    @Test
    void rejectsEdgesToUnknownVertices() {
        assertThatThrownBy(() -> JobGraph.builder("j").vertex("a", "identity", 1)
                .connect("a", "nope", PartitionerKind.HASH, ResultPartitionType.PIPELINED))
                .hasMessage("job 'j': edge a -> nope refers to unknown vertex 'nope'");
    }

    @Test
    void rejectsCyclesNamingTheVerticesOnThem() {
        JobGraph.Builder builder = JobGraph.builder("j")
                .vertex("src", "sequence-source", 1).vertex("a", "identity", 1).vertex("b", "identity", 1)
                .connect("src", "a", PartitionerKind.HASH, ResultPartitionType.PIPELINED)
                .connect("a", "b", PartitionerKind.HASH, ResultPartitionType.PIPELINED)
                .connect("b", "a", PartitionerKind.HASH, ResultPartitionType.PIPELINED);
        assertThatThrownBy(builder::build).hasMessage("job 'j': the job has a cycle through vertices 'a', 'b'");
    }

    @Test
    void rejectsAnEmptyJob() {
        assertThatThrownBy(() -> JobGraph.builder("j").build()).hasMessage("job 'j': the job has no vertex");
    }

    @Test
    void rejectsCoLocationAcrossParallelismsOrSlotSharingGroups() {
        CoLocationGroup group = new CoLocationGroup("pair");
        List<OperatorSpec> a = List.of(new OperatorSpec("a", "identity"));
        List<OperatorSpec> b = List.of(new OperatorSpec("b", "identity"));
        assertThatThrownBy(() -> JobGraph.builder("j")
                .vertex("a", a, 2, SlotSharingGroup.DEFAULT, group, ResourceProfile.UNKNOWN)
                .vertex("b", b, 3, SlotSharingGroup.DEFAULT, group, ResourceProfile.UNKNOWN).build())
                .hasMessageContaining("co-location group 'pair' mixes parallelism 2 ('a') and 3 ('b')");
        assertThatThrownBy(() -> JobGraph.builder("j")
                .vertex("a", a, 2, SlotSharingGroup.DEFAULT, group, ResourceProfile.UNKNOWN)
                .vertex("b", b, 2, new SlotSharingGroup("other"), group, ResourceProfile.UNKNOWN).build())
                .hasMessageContaining("co-location group 'pair' spans slot sharing groups 'default' ('a') and 'other' ('b')");
    }

    @Test
    void executionVertexIdsRoundTripThroughTheirTextForm() {
        ExecutionVertexId id = ExecutionVertexId.parse("map#3");
        assertThat(id).isEqualTo(new ExecutionVertexId(new JobVertexId("map"), 3));
        assertThat(id.toString()).isEqualTo("map#3");
        assertThatThrownBy(() -> ExecutionVertexId.parse("map")).hasMessageContaining("VERTEX#i");
        assertThatThrownBy(() -> ExecutionVertexId.parse("map#x")).hasMessageContaining("'x' is not a subtask index");
    }

    @Test
    void onlyForwardHashAndBroadcastAreDeterministic() {
        assertThat(PartitionerKind.values()).filteredOn(PartitionerKind::isDeterministic)
                .containsExactlyInAnyOrder(PartitionerKind.FORWARD, PartitionerKind.HASH, PartitionerKind.BROADCAST);
        assertThat(PartitionerKind.RESCALE.distributionPattern()).isEqualTo(DistributionPattern.POINTWISE);
        assertThatThrownBy(() -> PartitionerKind.fromName("shuffle"))
                .hasMessage("unknown partitioner 'shuffle' (known: forward, rescale, rebalance, random, hash, broadcast)");
    }

    @Test
    void aSlotCoversARequestOnlyWhenEveryResourceFits() {
        ResourceProfile slot = ResourceProfile.of(1.0, 512);
        assertThat(slot.covers(ResourceProfile.of(0.5, 128))).isTrue();
        assertThat(slot.covers(ResourceProfile.of(1.5, 128))).isFalse();
        assertThat(slot.covers(ResourceProfile.UNKNOWN)).isTrue();
        assertThat(ResourceProfile.UNKNOWN.covers(ResourceProfile.of(0.1, 1))).isFalse();
    }
}
