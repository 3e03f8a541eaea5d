package io.sluice.failover.restartall;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingPipelinedRegion;
import io.sluice.api.scheduling.SchedulingResultPartition;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartAllFailoverStrategyTest {

    @Test
    void anyFailureRestartsEveryTask() {
        List<ExecutionVertexId> tasks = List.of(ExecutionVertexId.parse("src#0"), ExecutionVertexId.parse("src#1"),
                ExecutionVertexId.parse("sink#0"));
        FailoverStrategy strategy = new RestartAllFailoverStrategyFactory().create(topology(tasks), partition -> true);
        assertThat(strategy.getTasksNeedingRestart(tasks.get(2), new RuntimeException("boom")))
                .containsExactlyInAnyOrderElementsOf(tasks);
    }

    private static SchedulingTopology topology(List<ExecutionVertexId> tasks) {
        return new SchedulingTopology() {
            @Override
            public Iterable<? extends SchedulingExecutionVertex> getVertices() {
                return tasks.stream().map(this::getVertex).toList();
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
                        return ExecutionState.RUNNING;
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
        };
    }
}
