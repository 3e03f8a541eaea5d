package io.sluice.slotmatcher.bestfit;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.ProfileBucketIndex;
import io.sluice.api.slot.SlotMatchingStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code best-fit} slot matcher: the smallest free slot whose resources cover the request (fine-grained). */
@Component
@StrategyName("best-fit")
public class BestFitSlotMatchingStrategy implements SlotMatchingStrategy {

    @Override
    public FreeSlotIndex createIndex() {
        return new ProfileBucketIndex(ProfileBucketIndex.SMALLEST_FIRST);
    }
}
