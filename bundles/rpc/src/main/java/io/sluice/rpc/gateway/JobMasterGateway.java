package io.sluice.rpc.gateway;

import io.sluice.api.slot.WorkerId;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A JobMaster as the ResourceManager, TaskExecutors and the Dispatcher see it. */
public interface JobMasterGateway {

    /** A TaskExecutor offers slots; completes with the allocations the JobMaster accepts. */
    CompletableFuture<Collection<AllocationId>> offerSlots(WorkerId worker, TaskExecutorGateway taskExecutor,
            Collection<SlotOffer> offers);

    /** The ResourceManager could not serve the request; {@code cause} says what was asked and what exists. */
    void notifyAllocationFailure(AllocationId allocation, String cause);

    /** A TaskExecutor answers a heartbeat with the allocations it holds for this job. */
    void heartbeatFromTaskExecutor(WorkerId worker, Set<AllocationId> allocations);

    /** The TaskExecutor is gone: its slots and everything running in them are lost. */
    void disconnectTaskExecutor(WorkerId worker, String cause);

    /** A task attempt changed state on its TaskExecutor. */
    void updateTaskExecutionState(TaskExecutionState state);

    /**
     * The job's status, progress and failure history, with fresh counters from its TaskExecutors; a TaskExecutor
     * that does not answer in time shows its last counters.
     */
    CompletableFuture<JobDetails> requestJobDetails();

    /** Cancels every task; completes once the cancellation started. The job then ends CANCELED. */
    CompletableFuture<Void> cancel();
}
