package io.sluice.scheduler.eager;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Deploys every CREATED task at once, producers first. It keeps no state: readiness is "CREATED", so a
 * replacement instance after a hot swap picks up exactly the tasks that still wait.
 */
final class EagerSchedulingStrategy implements SchedulingStrategy {
    private final SchedulerOperations operations;
    private final SchedulingTopology topology;

    EagerSchedulingStrategy(SchedulerOperations operations, SchedulingTopology topology) {
        this.operations = operations;
        this.topology = topology;
    }

    @Override
    public void startScheduling() {
        deployCreated(vertex -> true);
    }

    @Override
    public void restartTasks(Set<ExecutionVertexId> verticesToRestart) {
        deployCreated(vertex -> verticesToRestart.contains(vertex.getId()));
    }

    @Override
    public void onExecutionStateChange(ExecutionVertexId vertex, ExecutionState state) {
        // everything was deployed up front
    }

    @Override
    public void onPartitionConsumable(IntermediateResultPartitionId partition) {
        // everything was deployed up front
    }

    /** Walks the topology rather than the set so that producers are requested before their consumers. */
    private void deployCreated(Predicate<SchedulingExecutionVertex> selected) {
        List<ExecutionVertexId> toDeploy = new ArrayList<>();
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            if (vertex.getState() == ExecutionState.CREATED && selected.test(vertex)) {
                toDeploy.add(vertex.getId());
            }
        }
        if (!toDeploy.isEmpty()) {
            operations.allocateSlotsAndDeploy(toDeploy);
        }
    }
}
