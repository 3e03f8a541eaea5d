package io.sluice.scheduler.lazyfromsources;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.scheduling.SchedulingTopology;
import org.osgi.service.component.annotations.Component;

/** The {@code lazy-from-sources} scheduler: sources first, then every task as soon as its inputs allow (batch jobs). */
@Component
@StrategyName("lazy-from-sources")
public class LazyFromSourcesSchedulingStrategyFactory implements SchedulingStrategyFactory {

    @Override
    public SchedulingStrategy create(SchedulerOperations operations, SchedulingTopology topology) {
        return new LazyFromSourcesSchedulingStrategy(operations, topology);
    }
}
