package io.sluice.api.slot;

import io.sluice.api.job.ResourceProfile;
import java.util.Objects;

/**
 * A free slot as a matcher sees it: where it is, what it offers, and how many slots its worker has in
 * total (the matcher derives utilisation from the free slots it indexes).
 */
public record SlotCandidate(SlotId slotId, ResourceProfile profile, int workerSlotCount) {
    public SlotCandidate {
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(profile, "profile");
        if (workerSlotCount < 1) {
            throw new IllegalArgumentException("workerSlotCount must be >= 1, got " + workerSlotCount);
        }
    }

    public WorkerId worker() {
        return slotId.worker();
    }
}
