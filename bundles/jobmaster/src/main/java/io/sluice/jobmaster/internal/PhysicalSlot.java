package io.sluice.jobmaster.internal;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.TaskExecutorGateway;

/** A slot the job holds: where it is, what it offers, and the TaskExecutor to deploy to. */
public record PhysicalSlot(AllocationId allocation, SlotId slot, ResourceProfile profile,
        TaskExecutorGateway taskExecutor) {
}
