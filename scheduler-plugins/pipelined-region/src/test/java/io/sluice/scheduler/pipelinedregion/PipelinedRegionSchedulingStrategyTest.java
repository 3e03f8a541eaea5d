package io.sluice.scheduler.pipelinedregion;

import static io.sluice.api.job.PartitionerKind.FORWARD;
import static io.sluice.api.job.PartitionerKind.HASH;
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

class PipelinedRegionSchedulingStrategyTest {
    private final List<String> requests = new ArrayList<>();
    private ExecutionGraph graph;

    private SchedulingStrategy strategy(JobGraph.Builder job) {
        graph = ExecutionGraph.build(job.build());
        return create();
    }

    /** Like the JobMaster: records the request and moves the tasks to SCHEDULED. */
    private SchedulingStrategy create() {
        return new PipelinedRegionSchedulingStrategyFactory().create(vertices -> {
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
    void aPipelinedJobIsOneRegionRequestedAtOnceInTopologicalOrder() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2)
                .connect("src", "sink", HASH, PIPELINED));
        strategy.startScheduling();
        assertThat(requests).containsExactly("[src#0, src#1, sink#0, sink#1]");
    }

    @Test
    void aBlockingJobRequestsConsumersOnlyWhenEveryProducerFinished() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2)
                .connect("src", "sink", HASH, BLOCKING));
        strategy.startScheduling();
        assertThat(requests).containsExactly("[src#0, src#1]");
        finish(strategy, "src#0");
        assertThat(requests).hasSize(1);
        finish(strategy, "src#1");
        assertThat(requests).containsExactly("[src#0, src#1]", "[sink#0, sink#1]");
    }

    @Test
    void aMixedJobSchedulesPipelinedChainsWithTheirProducersAndBlockingConsumersLater() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("map", "x", 2)
                .vertex("out", "x", 1)
                .connect("src", "map", FORWARD, PIPELINED).connect("map", "out", HASH, BLOCKING));
        strategy.startScheduling();
        assertThat(requests).containsExactly("[src#0, map#0, src#1, map#1]");
        finish(strategy, "src#0");
        finish(strategy, "map#0");
        finish(strategy, "src#1");
        finish(strategy, "map#1");
        assertThat(requests).last().isEqualTo("[out#0]");
    }

    @Test
    void restartedRegionsAreRequestedAgainOnceTheirInputsAreComplete() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 1).vertex("sink", "x", 1)
                .connect("src", "sink", FORWARD, BLOCKING));
        strategy.startScheduling();
        finish(strategy, "src#0");
        assertThat(requests).containsExactly("[src#0]", "[sink#0]");
        // the sink failed and is reset; its input is still complete
        graph.getVertex(ExecutionVertexId.parse("sink#0")).setState(ExecutionState.CREATED);
        strategy.restartTasks(Set.of(ExecutionVertexId.parse("sink#0")));
        assertThat(requests).last().isEqualTo("[sink#0]");
        // producer and consumer restart: the producer's data is gone, so only it is requested now
        graph.getVertex(ExecutionVertexId.parse("src#0")).setState(ExecutionState.CREATED);
        graph.getVertex(ExecutionVertexId.parse("src#0")).getProducedResults().forEach(IntermediateResultPartition::reset);
        graph.getVertex(ExecutionVertexId.parse("sink#0")).setState(ExecutionState.CREATED);
        strategy.restartTasks(Set.of(ExecutionVertexId.parse("src#0"), ExecutionVertexId.parse("sink#0")));
        assertThat(requests).last().isEqualTo("[src#0]");
        finish(strategy, "src#0");
        assertThat(requests).last().isEqualTo("[sink#0]");
    }

    @Test
    void aReplacementInstanceAfterAHotSwapContinuesWhereTheOldOneStopped() {
        SchedulingStrategy strategy = strategy(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2)
                .connect("src", "sink", HASH, BLOCKING));
        strategy.startScheduling();
        finish(strategy, "src#0");
        SchedulingStrategy replacement = create();
        replacement.startScheduling();
        assertThat(requests).containsExactly("[src#0, src#1]");
        finish(replacement, "src#1");
        assertThat(requests).containsExactly("[src#0, src#1]", "[sink#0, sink#1]");
    }
}
