package io.sluice.executiongraph;

import static io.sluice.api.job.PartitionerKind.FORWARD;
import static io.sluice.api.job.PartitionerKind.HASH;
import static io.sluice.api.job.PartitionerKind.REBALANCE;
import static io.sluice.api.job.PartitionerKind.RESCALE;
import static io.sluice.api.job.ResultPartitionType.BLOCKING;
import static io.sluice.api.job.ResultPartitionType.PIPELINED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.scheduling.ResultPartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutionGraphTest {

    private static ExecutionGraph twoVertices(int producers, int consumers, io.sluice.api.job.PartitionerKind partitioner,
            io.sluice.api.job.ResultPartitionType type) {
        return ExecutionGraph.build(JobGraph.builder("j").vertex("p", "identity", producers)
                .vertex("c", "identity", consumers).connect("p", "c", partitioner, type).build());
    }

    /** Subtask indices of the producers consumer {@code c} reads. */
    private static List<Integer> producersOf(ExecutionGraph graph, int consumer) {
        ExecutionVertex vertex = graph.getVertex(ExecutionVertexId.parse("c#" + consumer));
        return StreamSupport.stream(vertex.getConsumedPartitionGroups().get(0).spliterator(), false)
                .map(IntermediateResultPartitionId::partitionIndex).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "3; 3; [[0], [1], [2]]",
            "2; 4; [[0], [0], [1], [1]]",
            "4; 2; [[0, 1], [2, 3]]",
            "3; 7; [[0], [0], [0], [1], [1], [2], [2]]",
            "7; 3; [[0, 1], [2, 3], [4, 5, 6]]",
            "1; 3; [[0], [0], [0]]"})
    void pointwiseConnectionsMapContiguousRangesLikeFlink(int producers, int consumers, String expected) {
        ExecutionGraph graph = twoVertices(producers, consumers, RESCALE, PIPELINED);
        List<List<Integer>> actual = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            actual.add(producersOf(graph, c));
        }
        assertThat(actual.toString()).isEqualTo(expected);
        // every partition is read by exactly the consumers that list it
        for (IntermediateResultPartition partition : graph.jobVertex(new io.sluice.api.job.JobVertexId("p"))
                .producedResults().get(0).partitions()) {
            for (ExecutionVertexId consumer : partition.getConsumerVertexGroups().get(0)) {
                assertThat(producersOf(graph, consumer.subtaskIndex())).contains(partition.getId().partitionIndex());
            }
        }
    }

    @Test
    void allToAllIsOneSharedGroupOnEachSide() {
        ExecutionGraph graph = twoVertices(4, 3, HASH, BLOCKING);
        List<ExecutionVertex> consumers = graph.jobVertex(new io.sluice.api.job.JobVertexId("c")).vertices();
        PartitionGroup group = consumers.get(0).getConsumedPartitionGroups().get(0);
        assertThat(consumers).allSatisfy(c -> assertThat(c.getConsumedPartitionGroups().get(0)).isSameAs(group));
        assertThat(group.size()).isEqualTo(4);
        assertThat(group.getConsumerVertexGroup().size()).isEqualTo(3);
        for (IntermediateResultPartition partition : graph.jobVertex(new io.sluice.api.job.JobVertexId("p"))
                .producedResults().get(0).partitions()) {
            assertThat(partition.getConsumerVertexGroups().get(0)).isSameAs(group.getConsumerVertexGroup());
            assertThat(partition.getConsumedPartitionGroups().get(0)).isSameAs(group);
        }
    }

    @Test
    void finishedPartitionsAreCountedDownInTheirGroupAndResetBringsThemBack() {
        ExecutionGraph graph = twoVertices(3, 2, HASH, BLOCKING);
        PartitionGroup group = graph.getVertex(ExecutionVertexId.parse("c#0")).getConsumedPartitionGroups().get(0);
        IntermediateResultPartition first = graph.getVertex(ExecutionVertexId.parse("p#0")).getProducedResults().get(0);
        first.markFinished();
        first.markFinished();
        assertThat(group.getNumberOfUnfinishedPartitions()).isEqualTo(2);
        assertThat(first.getState()).isEqualTo(ResultPartitionState.ALL_DATA_PRODUCED);
        first.reset();
        assertThat(group.getNumberOfUnfinishedPartitions()).isEqualTo(3);
        graph.jobVertex(new io.sluice.api.job.JobVertexId("p")).producedResults().get(0).partitions()
                .forEach(IntermediateResultPartition::markFinished);
        assertThat(group.areAllPartitionsFinished()).isTrue();
    }

    @Test
    void lookupsOfUnknownTasksAndPartitionsNameWhatIsMissing() {
        ExecutionGraph graph = twoVertices(2, 2, FORWARD, PIPELINED);
        assertThat(graph.getVertex(ExecutionVertexId.parse("p#1")).getId().toString()).isEqualTo("p#1");
        assertThatThrownBy(() -> graph.getVertex(ExecutionVertexId.parse("p#2")))
                .hasMessage("job 'j' has no task p#2 (vertex 'p' has parallelism 2)");
        assertThatThrownBy(() -> graph.getVertex(ExecutionVertexId.parse("x#0"))).hasMessage("job 'j' has no vertex 'x'");
        assertThat(graph.getResultPartition(new IntermediateResultPartitionId(
                new io.sluice.api.job.IntermediateDataSetId("p->c"), 1)).getProducer().getId().toString()).isEqualTo("p#1");
    }

    @Test
    void requiredSlotsAreTheSumOfEachSlotSharingGroupsHighestParallelism() {
        List<OperatorSpec> op = List.of(new OperatorSpec("x", "identity"));
        JobGraph graph = JobGraph.builder("j")
                .vertex("a", op, 4, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN)
                .vertex("b", op, 6, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN)
                .vertex("c", op, 3, new SlotSharingGroup("other"), null, ResourceProfile.UNKNOWN)
                .connect("a", "b", REBALANCE, PIPELINED).connect("b", "c", REBALANCE, PIPELINED).build();
        assertThat(ExecutionGraph.build(graph).requiredSlots()).isEqualTo(9);
        assertThat(ExecutionGraph.build(graph).taskCount()).isEqualTo(13);
    }
}
