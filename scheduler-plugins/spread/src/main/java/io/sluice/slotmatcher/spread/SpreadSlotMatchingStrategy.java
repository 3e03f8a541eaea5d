package io.sluice.slotmatcher.spread;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.WorkerUtilisationIndex;
import io.sluice.api.slot.SlotMatchingStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code spread} slot matcher: least-utilised worker first (Flink's evenly-spread). */
@Component
@StrategyName("spread")
public class SpreadSlotMatchingStrategy implements SlotMatchingStrategy {

    @Override
    public FreeSlotIndex createIndex() {
        return new WorkerUtilisationIndex(true);
    }
}
