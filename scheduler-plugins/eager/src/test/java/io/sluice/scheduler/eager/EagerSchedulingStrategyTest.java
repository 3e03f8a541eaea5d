package io.sluice.scheduler.eager;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingPipelinedRegion;
import io.sluice.api.scheduling.SchedulingResultPartition;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EagerSchedulingStrategyTest {

    private final Map<ExecutionVertexId, ExecutionState> states = new LinkedHashMap<>();
    private final List<List<ExecutionVertexId>> deployments = new ArrayList<>();

    private SchedulingStrategy strategy(String... tasks) {
        for (String task : tasks) {
            states.put(ExecutionVertexId.parse(task), ExecutionState.CREATED);
        }
        return new EagerSchedulingStrategyFactory().create(deployments::add, new Topology());
    }

    @Test
    void startSchedulingDeploysEveryTaskInOneRequestInTopologicalOrder() {
        SchedulingStrategy strategy = strategy("src#0", "src#1", "sink#0");
        strategy.startScheduling();
        assertThat(deployments).containsExactly(List.of(ExecutionVertexId.parse("src#0"),
                ExecutionVertexId.parse("src#1"), ExecutionVertexId.parse("sink#0")));
    }

    @Test
    void aReplacementInstanceDeploysOnlyTasksStillWaiting() {
        strategy("src#0", "sink#0");
        states.put(ExecutionVertexId.parse("src#0"), ExecutionState.RUNNING);
        SchedulingStrategy replacement = new EagerSchedulingStrategyFactory().create(deployments::add, new Topology());
        replacement.startScheduling();
        assertThat(deployments).containsExactly(List.of(ExecutionVertexId.parse("sink#0")));
    }

    @Test
    void restartDeploysTheRestartedTasksInTopologicalOrder() {
        SchedulingStrategy strategy = strategy("src#0", "map#0", "sink#0");
        strategy.restartTasks(Set.of(ExecutionVertexId.parse("sink#0"), ExecutionVertexId.parse("src#0")));
        assertThat(deployments).containsExactly(List.of(ExecutionVertexId.parse("src#0"), ExecutionVertexId.parse("sink#0")));
    }

    @Test
    void stateChangesDeployNothing() {
        SchedulingStrategy strategy = strategy("src#0");
        strategy.onExecutionStateChange(ExecutionVertexId.parse("src#0"), ExecutionState.FINISHED);
        assertThat(deployments).isEmpty();
    }

    /** Only what eager reads: the vertices and their states. */
    private final class Topology implements SchedulingTopology {
        @Override
        public Iterable<? extends SchedulingExecutionVertex> getVertices() {
            return states.keySet().stream().map(this::getVertex).toList();
        }

        @Override
        public SchedulingExecutionVertex getVertex(ExecutionVertexId id) {
            return new SchedulingExecutionVertex() {
                @Override
                public ExecutionVertexId getId() {
                    return id;
                }

                @Override
                public ExecutionState getState() {
                    return states.get(id);
                }

                @Override
                public List<? extends ConsumedPartitionGroup> getConsumedPartitionGroups() {
                    return List.of();
                }

                @Override
                public List<? extends SchedulingResultPartition> getProducedResults() {
                    return List.of();
                }
            };
        }

        @Override
        public SchedulingResultPartition getResultPartition(IntermediateResultPartitionId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<? extends SchedulingPipelinedRegion> getAllPipelinedRegions() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SchedulingPipelinedRegion getPipelinedRegionOfVertex(ExecutionVertexId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getPipelinedRegionCount() {
            throw new UnsupportedOperationException();
        }
    }
}
