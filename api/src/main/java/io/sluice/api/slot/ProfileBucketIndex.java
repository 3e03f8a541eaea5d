package io.sluice.api.slot;

import io.sluice.api.job.ResourceProfile;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link FreeSlotIndex} building block: free slots bucketed by profile, buckets visited in a given order
 * (or in the order profiles first appeared), and within a bucket the longest-free slot first. A cluster has
 * few distinct slot profiles, so a match looks at one bucket per profile, never at every slot.
 */
public final class ProfileBucketIndex implements FreeSlotIndex {
    private final Map<ResourceProfile, LinkedHashMap<SlotId, SlotCandidate>> buckets;
    private final Map<SlotId, ResourceProfile> profiles = new HashMap<>();

    /** @param bucketOrder the order buckets are tried in; {@code null} for first-seen order */
    public ProfileBucketIndex(Comparator<ResourceProfile> bucketOrder) {
        this.buckets = bucketOrder == null ? new LinkedHashMap<>() : new TreeMap<>(bucketOrder);
    }

    /** Orders profiles from small to large: by CPU, then heap, then managed memory. */
    public static final Comparator<ResourceProfile> SMALLEST_FIRST = Comparator
            .comparingInt(ResourceProfile::cpuMilliCores)
            .thenComparingInt(ResourceProfile::heapMb)
            .thenComparingInt(ResourceProfile::managedMb);

    @Override
    public void add(SlotCandidate slot) {
        remove(slot.slotId());
        buckets.computeIfAbsent(slot.profile(), p -> new LinkedHashMap<>()).put(slot.slotId(), slot);
        profiles.put(slot.slotId(), slot.profile());
    }

    @Override
    public void remove(SlotId slot) {
        ResourceProfile profile = profiles.remove(slot);
        if (profile == null) {
            return;
        }
        Map<SlotId, SlotCandidate> bucket = buckets.get(profile);
        bucket.remove(slot);
        if (bucket.isEmpty()) {
            buckets.remove(profile);
        }
    }

    @Override
    public Optional<SlotCandidate> findMatch(ResourceProfile request) {
        for (Map.Entry<ResourceProfile, LinkedHashMap<SlotId, SlotCandidate>> bucket : buckets.entrySet()) {
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
