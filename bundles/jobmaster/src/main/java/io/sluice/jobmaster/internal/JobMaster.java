package io.sluice.jobmaster.internal;

import io.sluice.api.job.JobId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.InProcessRpc;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.JobMasterGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotOffer;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The JobMaster of one job — for now its slot-facing part: the endpoint TaskExecutors and the
 * ResourceManager talk to, owning the {@link SlotPool}. Scheduling, deployment and failover join it with
 * job execution.
 */
public final class JobMaster implements JobMasterGateway {
    private final JobId job;
    private final MainThreadExecutor mainThread;
    private final SlotPool slotPool;
    private final JobMasterGateway self;

    public JobMaster(JobId job, MainThreadExecutor mainThread, ResourceManagerGateway resourceManager,
            SlotPoolSettings settings, Consumer<PhysicalSlot> onSlotLost) {
        this.job = job;
        this.mainThread = mainThread;
        this.slotPool = new SlotPool(job, mainThread, resourceManager, settings, onSlotLost);
        this.self = InProcessRpc.gateway(JobMasterGateway.class, this, mainThread);
        slotPool.connect(self);
    }

    public JobId job() {
        return job;
    }

    public JobMasterGateway gateway() {
        return self;
    }

    public MainThreadExecutor mainThread() {
        return mainThread;
    }

    /** Use on the main thread only. */
    public SlotPool slotPool() {
        return slotPool;
    }

    @Override
    public CompletableFuture<Collection<AllocationId>> offerSlots(WorkerId worker, TaskExecutorGateway taskExecutor,
            Collection<SlotOffer> offers) {
        return CompletableFuture.completedFuture(slotPool.offerSlots(worker, taskExecutor, offers));
    }

    @Override
    public void notifyAllocationFailure(AllocationId allocation, String cause) {
        slotPool.allocationFailed(allocation, cause);
    }

    @Override
    public void heartbeatFromTaskExecutor(WorkerId worker, Set<AllocationId> allocations) {
        slotPool.heartbeatFromTaskExecutor(worker, allocations);
    }

    @Override
    public void disconnectTaskExecutor(WorkerId worker, String cause) {
        slotPool.taskExecutorLost(worker, cause);
    }
}
