package io.sluice.failover.restartall;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.ResultPartitionAvailability;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.LinkedHashSet;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The {@code restart-all} failover strategy: any failure restarts every task of the job. */
@Component
@StrategyName("restart-all")
public class RestartAllFailoverStrategyFactory implements FailoverStrategyFactory {

    @Override
    public FailoverStrategy create(SchedulingTopology topology, ResultPartitionAvailability availability) {
        Set<ExecutionVertexId> all = new LinkedHashSet<>();
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            all.add(vertex.getId());
        }
        Set<ExecutionVertexId> everyTask = Set.copyOf(all);
        return (failedTask, cause) -> everyTask;
    }
}
