package io.sluice.slotmatcher.pack;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.WorkerUtilisationIndex;
import io.sluice.api.slot.SlotMatchingStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code pack} slot matcher: most-utilised worker first, so tasks use as few workers as possible. */
@Component
@StrategyName("pack")
public class PackSlotMatchingStrategy implements SlotMatchingStrategy {

    @Override
    public FreeSlotIndex createIndex() {
        return new WorkerUtilisationIndex(false);
    }
}
