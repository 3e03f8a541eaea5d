package io.sluice.slotmatcher.anyfit;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.SlotCandidate;
import io.sluice.api.slot.SlotId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Free slots bucketed by profile. A cluster has few distinct slot profiles, so a match looks at one bucket
 * per profile instead of at every slot; within a bucket the longest-free slot comes first.
 */
final class AnyFitIndex implements FreeSlotIndex {
    private final Map<ResourceProfile, LinkedHashMap<SlotId, SlotCandidate>> byProfile = new LinkedHashMap<>();
    private final Map<SlotId, ResourceProfile> profiles = new HashMap<>();

    @Override
    public void add(SlotCandidate slot) {
        remove(slot.slotId());
        byProfile.computeIfAbsent(slot.profile(), p -> new LinkedHashMap<>()).put(slot.slotId(), slot);
        profiles.put(slot.slotId(), slot.profile());
    }

    @Override
    public void remove(SlotId slot) {
        ResourceProfile profile = profiles.remove(slot);
        if (profile == null) {
            return;
        }
        Map<SlotId, SlotCandidate> bucket = byProfile.get(profile);
        bucket.remove(slot);
        if (bucket.isEmpty()) {
            byProfile.remove(profile);
        }
    }

    @Override
    public Optional<SlotCandidate> findMatch(ResourceProfile request) {
        for (Map.Entry<ResourceProfile, LinkedHashMap<SlotId, SlotCandidate>> bucket : byProfile.entrySet()) {
            if (bucket.getKey().covers(request)) {
                return Optional.of(bucket.getValue().values().iterator().next());
            }
        }
        return Optional.empty();
    }

    @Override
    public int size() {
        return profiles.size();
    }
}
