package io.sluice.rpc.gateway;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import java.util.Objects;

/** One slot as its TaskExecutor sees it: free ({@code allocation == null}) or serving an allocation of a job. */
public record SlotStatus(SlotId slotId, ResourceProfile profile, JobId job, AllocationId allocation) {
    public SlotStatus {
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(profile, "profile");
        if ((job == null) != (allocation == null)) {
            throw new IllegalArgumentException("slot " + slotId + ": job and allocation are set together");
        }
    }

    public static SlotStatus free(SlotId slotId, ResourceProfile profile) {
        return new SlotStatus(slotId, profile, null, null);
    }

    public boolean isFree() {
        return allocation == null;
    }
}
