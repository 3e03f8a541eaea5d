package io.sluice.scheduler.lazyfromsources;

import static io.sluice.api.job.PartitionerKind.FORWARD;
import static io.sluice.api.job.PartitionerKind.HASH;
import static io.sluice.api.job.PartitionerKind.REBALANCE;
import static io.sluice.api.job.ResultPartitionType.BLOCKING;
import static io.sluice.api.job.ResultPartitionType.PIPELINED;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobGraph;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.IntermediateResultPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LazyFromSourcesSchedulingStrategyTest {
    private final List<String> requests = new ArrayList<>();
    private ExecutionGraph graph;

    private SchedulingStrategy strategy(JobGraph.Builder job) {
        graph = ExecutionGraph.build(job.build());
        return create();
    }

    /** Like the JobMaster: records the request and moves the tasks to SCHEDULED. */
    private SchedulingStrategy create() {
        return new LazyFromSourcesSchedulingStrategyFactory().create(vertices -> {
            requests.add(vertices.toString());
            vertices.forEach(id -> graph.getVertex(id).setState(ExecutionState.SCHEDULED));
        }, graph);
    }

    private void finish(SchedulingStrategy strategy, String task) {
        ExecutionVertex vertex = graph.getVertex(ExecutionVertexId.parse(task));
        vertex.setState(ExecutionState.FINISHED);
        vertex.getProducedResults().forEach(IntermediateResultPartition::markFinished);
        strategy.onExecutionStateChange(vertex.getId(), ExecutionState.FINISHED);
    }

    @Test
    void pipelinedConsumersAreRequestedWithTheirProducers() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2)
                .connect("src", "sink", HASH, PIPELINED));
        strategy.startScheduling();
        assertThat(requests).containsExactly("[src#0, src#1, sink#0, sink#1]");
    }

    @Test
    void blockingConsumersWaitForTheWholeInputAndGoTogetherWithTheirPipelinedConsumers() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("sum", "x", 2)
                .vertex("out", "x", 2)
                .connect("src", "sum", HASH, BLOCKING).connect("sum", "out", FORWARD, PIPELINED));
        strategy.startScheduling();
        assertThat(requests).containsExactly("[src#0, src#1]");
        finish(strategy, "src#0");
        assertThat(requests).hasSize(1);
        finish(strategy, "src#1");
        assertThat(requests).containsExactly("[src#0, src#1]", "[sum#0, sum#1, out#0, out#1]");
    }

    @Test
    void aTaskWithAPointwiseBlockingInputStartsAsSoonAsItsOwnProducersFinished() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("map", "x", 2)
                .connect("src", "map", FORWARD, BLOCKING));
        strategy.startScheduling();
        finish(strategy, "src#1");
        assertThat(requests).containsExactly("[src#0, src#1]", "[map#1]");
    }

    @Test
    void aTaskWithTwoInputsWaitsForBoth() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("a", "x", 1).vertex("b", "x", 1)
                .vertex("join", "x", 1)
                .connect("a", "join", REBALANCE, BLOCKING).connect("b", "join", REBALANCE, BLOCKING));
        strategy.startScheduling();
        assertThat(requests).containsExactly("[a#0, b#0]");
        finish(strategy, "a#0");
        assertThat(requests).hasSize(1);
        finish(strategy, "b#0");
        assertThat(requests).last().isEqualTo("[join#0]");
    }

    @Test
    void restartedTasksAreRequestedAgainAndAReplacementInstancePicksUpWhereTheOldOneStopped() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2)
                .connect("src", "sink", HASH, BLOCKING));
        strategy.startScheduling();
        finish(strategy, "src#0");
        graph.getVertex(ExecutionVertexId.parse("src#1")).setState(ExecutionState.CREATED); // failed and reset
        strategy.restartTasks(Set.of(ExecutionVertexId.parse("src#1")));
        assertThat(requests).last().isEqualTo("[src#1]");

        SchedulingStrategy replacement = create();
        replacement.startScheduling();
        assertThat(requests).hasSize(2); // nothing is due: the sinks still wait for src#1
        finish(replacement, "src#1");
        assertThat(requests).last().isEqualTo("[sink#0, sink#1]");
    }

    @Test
    void aVertexWhosePipelinedInputFeedsItsBlockingInputIsRefused() {
        JobGraph job = JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 3).vertex("c", "x", 2)
                .connect("a", "b", io.sluice.api.job.PartitionerKind.RESCALE, PIPELINED)
                .connect("b", "c", io.sluice.api.job.PartitionerKind.RESCALE, BLOCKING)
                .connect("a", "c", FORWARD, PIPELINED).build();
        assertThat(new LazyFromSourcesSchedulingStrategyFactory().unsupportedReason(ExecutionGraph.build(job)))
                .hasValue("vertex 'c' reads 'a' pipelined and 'b' blocking, which needs 'a' to finish first: it would"
                        + " never start; use the pipelined-region scheduler");
    }

    @Test
    void independentPipelinedAndBlockingInputsAreFine() {
        JobGraph job = JobGraph.builder("j").vertex("a", "x", 2).vertex("b", "x", 2).vertex("c", "x", 2)
                .connect("a", "c", HASH, PIPELINED).connect("b", "c", HASH, BLOCKING).build();
        assertThat(new LazyFromSourcesSchedulingStrategyFactory().unsupportedReason(ExecutionGraph.build(job))).isEmpty();
    }
}
