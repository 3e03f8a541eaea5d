package io.sluice.failover.region;

import static io.sluice.api.job.PartitionerKind.FORWARD;
import static io.sluice.api.job.PartitionerKind.HASH;
import static io.sluice.api.job.PartitionerKind.REBALANCE;
import static io.sluice.api.job.PartitionerKind.RESCALE;
import static io.sluice.api.job.ResultPartitionType.BLOCKING;
import static io.sluice.api.job.ResultPartitionType.PIPELINED;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.PartitionerKind;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.IntermediateResultPartition;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RegionFailoverStrategyTest {
    private ExecutionGraph graph;
    private final Set<IntermediateResultPartitionId> lost = new HashSet<>();

    private ExecutionGraph graph(JobGraph.Builder job) {
        graph = ExecutionGraph.build(job.build());
        return graph;
    }

    private void state(ExecutionState state, String... tasks) {
        for (String task : tasks) {
            graph.getVertex(ExecutionVertexId.parse(task)).setState(state);
            if (state == ExecutionState.FINISHED) {
                graph.getVertex(ExecutionVertexId.parse(task)).getProducedResults()
                        .forEach(IntermediateResultPartition::markFinished);
            }
        }
    }

    /** Marks every partition the task produced as gone with its worker. */
    private void lose(String task) {
        graph.getVertex(ExecutionVertexId.parse(task)).getProducedResults().forEach(p -> lost.add(p.getId()));
    }

    private Set<String> restartOf(String failed) {
        Set<ExecutionVertexId> restart = new RegionFailoverStrategyFactory()
                .create(graph, partition -> !lost.contains(partition))
                .getTasksNeedingRestart(ExecutionVertexId.parse(failed), new RuntimeException("boom"));
        Set<String> names = new TreeSet<>();
        restart.forEach(id -> names.add(id.toString()));
        assertThat(restart).hasSize(names.size()).contains(ExecutionVertexId.parse(failed));
        return names;
    }

    @Test
    void aPipelinedAllToAllJobRestartsEverything() {
        graph(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2).connect("src", "sink", HASH, PIPELINED));
        state(ExecutionState.RUNNING, "src#0", "src#1", "sink#0", "sink#1");
        assertThat(restartOf("src#0")).containsExactly("sink#0", "sink#1", "src#0", "src#1");
    }

    @Test
    void aFailedConsumerWithAvailableInputsRestartsAlone() {
        graph(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2).connect("src", "sink", HASH, BLOCKING));
        state(ExecutionState.FINISHED, "src#0", "src#1");
        state(ExecutionState.RUNNING, "sink#0", "sink#1");
        assertThat(restartOf("sink#0")).containsExactly("sink#0");
    }

    @Test
    void aLostBlockingInputRestartsItsProducerAndTheProducersOtherConsumers() {
        graph(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2).connect("src", "sink", HASH, BLOCKING));
        state(ExecutionState.FINISHED, "src#0", "src#1");
        state(ExecutionState.RUNNING, "sink#0", "sink#1");
        lose("src#1");
        assertThat(restartOf("sink#0")).containsExactly("sink#0", "sink#1", "src#1");
    }

    @Test
    void aFailedProducerRestartsItsConsumerRegionsLikeFlink() {
        graph(JobGraph.builder("j").vertex("src", "x", 2).vertex("sink", "x", 2).connect("src", "sink", HASH, BLOCKING));
        state(ExecutionState.RUNNING, "src#0", "src#1");
        assertThat(restartOf("src#0")).containsExactly("sink#0", "sink#1", "src#0");
    }

    @Test
    void pointwiseEdgesRestartOnlyTheConnectedRegions() {
        graph(JobGraph.builder("j").vertex("src", "x", 4).vertex("map", "x", 4).vertex("out", "x", 2)
                .connect("src", "map", FORWARD, PIPELINED).connect("map", "out", RESCALE, BLOCKING));
        state(ExecutionState.RUNNING, "src#0", "src#1", "src#2", "src#3", "map#0", "map#1", "map#2", "map#3");
        assertThat(restartOf("map#1")).containsExactly("map#1", "out#0", "src#1");
        assertThat(restartOf("src#2")).containsExactly("map#2", "out#1", "src#2");
    }

    private void finishedConsumerScenario(PartitionerKind midToOut) {
        graph(JobGraph.builder("j").vertex("src", "x", 2).vertex("mid", "x", 2).vertex("out", "x", 2)
                .connect("src", "mid", HASH, BLOCKING).connect("mid", "out", midToOut, BLOCKING));
        state(ExecutionState.FINISHED, "src#0", "src#1", "mid#0", "mid#1", "out#1");
        state(ExecutionState.RUNNING, "out#0");
        lose("mid#0");
    }

    @Test
    void aFinishedConsumerOfDeterministicallyPartitionedDataKeepsItsResults() {
        finishedConsumerScenario(HASH);
        assertThat(restartOf("out#0")).containsExactly("mid#0", "out#0");
    }

    @Test
    void aFinishedConsumerOfNonDeterministicallyPartitionedDataRestarts() {
        finishedConsumerScenario(REBALANCE);
        assertThat(restartOf("out#0")).containsExactly("mid#0", "out#0", "out#1");
    }

    @Test
    void lostInputsAreFollowedTransitively() {
        graph(JobGraph.builder("j").vertex("a", "x", 1).vertex("b", "x", 1).vertex("c", "x", 1)
                .connect("a", "b", FORWARD, BLOCKING).connect("b", "c", FORWARD, BLOCKING));
        state(ExecutionState.FINISHED, "a#0", "b#0");
        state(ExecutionState.RUNNING, "c#0");
        lose("a#0");
        lose("b#0");
        assertThat(restartOf("c#0")).containsExactly("a#0", "b#0", "c#0");
    }
}
