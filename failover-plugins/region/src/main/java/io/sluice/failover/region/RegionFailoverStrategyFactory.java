package io.sluice.failover.region;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.ResultPartitionAvailability;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.SchedulingTopology;
import org.osgi.service.component.annotations.Component;

/** The {@code region} failover strategy: restart the failed task's pipelined region and what depends on it. */
@Component
@StrategyName("region")
public class RegionFailoverStrategyFactory implements FailoverStrategyFactory {

    @Override
    public FailoverStrategy create(SchedulingTopology topology, ResultPartitionAvailability availability) {
        return new RegionFailoverStrategy(topology, availability);
    }
}
