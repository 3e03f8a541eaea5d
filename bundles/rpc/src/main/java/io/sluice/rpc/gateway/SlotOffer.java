package io.sluice.rpc.gateway;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import java.util.Objects;

/**
 * A TaskExecutor offers a slot it allocated for a JobMaster's request.
 *
 * @param dataAddress {@code host:port} of the worker's data port, where its tasks' partitions are read from other
 *        workers; {@code null} for a worker without one (in-process: its partitions are in the consumers' JVM)
 */
public record SlotOffer(AllocationId allocation, SlotId slot, ResourceProfile profile, String dataAddress) {
    public SlotOffer {
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(profile, "profile");
    }

    /** An offer of an in-process worker. */
    public SlotOffer(AllocationId allocation, SlotId slot, ResourceProfile profile) {
        this(allocation, slot, profile, null);
    }
}
