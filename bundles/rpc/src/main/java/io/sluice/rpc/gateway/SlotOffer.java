package io.sluice.rpc.gateway;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import java.util.Objects;

/** A TaskExecutor offers a slot it allocated for a JobMaster's request. */
public record SlotOffer(AllocationId allocation, SlotId slot, ResourceProfile profile) {
    public SlotOffer {
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(profile, "profile");
    }
}
