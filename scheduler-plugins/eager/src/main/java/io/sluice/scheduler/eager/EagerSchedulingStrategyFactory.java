package io.sluice.scheduler.eager;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The {@code eager} scheduler: every task at once, as streaming jobs need. */
@Component
@StrategyName("eager")
public class EagerSchedulingStrategyFactory implements SchedulingStrategyFactory {

    @Override
    public SchedulingStrategy create(SchedulerOperations operations, SchedulingTopology topology) {
        return new EagerSchedulingStrategy(operations, topology);
    }

    /** Everything at once: a streaming job needs a slot for every task (slot sharing included) before it runs. */
    @Override
    public List<? extends Iterable<? extends SchedulingExecutionVertex>> tasksDeployedTogether(
            SchedulingTopology topology) {
        return List.of(topology.getVertices());
    }
}
