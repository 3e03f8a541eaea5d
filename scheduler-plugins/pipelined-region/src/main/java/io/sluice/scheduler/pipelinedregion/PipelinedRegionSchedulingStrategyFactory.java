package io.sluice.scheduler.pipelinedregion;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.scheduling.SchedulingTopology;
import org.osgi.service.component.annotations.Component;

/** The {@code pipelined-region} scheduler: one pipelined region at a time, once its blocking inputs are complete. */
@Component
@StrategyName("pipelined-region")
public class PipelinedRegionSchedulingStrategyFactory implements SchedulingStrategyFactory {

    @Override
    public SchedulingStrategy create(SchedulerOperations operations, SchedulingTopology topology) {
        return new PipelinedRegionSchedulingStrategy(operations, topology);
    }
}
