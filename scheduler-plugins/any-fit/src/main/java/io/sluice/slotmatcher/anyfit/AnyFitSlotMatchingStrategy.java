package io.sluice.slotmatcher.anyfit;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.ProfileBucketIndex;
import io.sluice.api.slot.SlotMatchingStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code any-fit} slot matcher: any free slot whose resources cover the request. */
@Component
@StrategyName("any-fit")
public class AnyFitSlotMatchingStrategy implements SlotMatchingStrategy {

    @Override
    public FreeSlotIndex createIndex() {
        return new ProfileBucketIndex(null); // buckets in first-seen order: any fitting slot
    }
}
