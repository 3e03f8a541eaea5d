package io.sluice.jobmaster.internal;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.TaskExecutorGateway;

/**
 * A slot the job holds: where it is, what it offers, the TaskExecutor to deploy to, and the data port its tasks'
 * partitions are read from ({@code null} for an in-process worker).
 */
public record PhysicalSlot(AllocationId allocation, SlotId slot, ResourceProfile profile,
        TaskExecutorGateway taskExecutor, String dataAddress) {
    public PhysicalSlot(AllocationId allocation, SlotId slot, ResourceProfile profile,
            TaskExecutorGateway taskExecutor) {
        this(allocation, slot, profile, taskExecutor, null);
    }
}
