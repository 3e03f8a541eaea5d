package io.sluice.rpc.gateway;

import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcMessage;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A JobMaster as the ResourceManager, TaskExecutors and the Dispatcher see it. */
public interface JobMasterGateway {

    /** A TaskExecutor offers slots; completes with the allocations the JobMaster accepts. */
    @RpcMessage(id = 301, version = 2)
    CompletableFuture<Collection<AllocationId>> offerSlots(WorkerId worker, RpcAddress taskExecutor,
            Collection<SlotOffer> offers);

    /** The ResourceManager could not serve the request; {@code cause} says what was asked and what exists. */
    @RpcMessage(id = 302)
    void notifyAllocationFailure(AllocationId allocation, String cause);

    /** A TaskExecutor answers a heartbeat with the allocations it holds for this job. */
    @RpcMessage(id = 303)
    void heartbeatFromTaskExecutor(WorkerId worker, Set<AllocationId> allocations);

    /** The TaskExecutor is gone: its slots and everything running in them are lost. */
    @RpcMessage(id = 304)
    void disconnectTaskExecutor(WorkerId worker, String cause);

    /** A task attempt changed state on its TaskExecutor. */
    @RpcMessage(id = 305, version = 2)
    void updateTaskExecutionState(TaskExecutionState state);

    /**
     * The job's status, progress and failure history, with fresh counters from its TaskExecutors; a TaskExecutor
     * that does not answer in time shows its last counters.
     */
    @RpcMessage(id = 306, version = 2)
    CompletableFuture<JobDetails> requestJobDetails();

    /** Cancels every task; completes once the cancellation started. The job then ends CANCELED. */
    @RpcMessage(id = 307)
    CompletableFuture<Void> cancel();

    /**
     * A task attempt is about to commit its sink's output; {@code true} only while it is the job's current attempt of
     * its task and RUNNING. An attempt the job has replaced — its TaskExecutor was frozen or cut off and declared
     * lost, then came back — hears {@code false} and commits nothing.
     */
    @RpcMessage(id = 308)
    CompletableFuture<Boolean> confirmCommit(ExecutionAttemptId attempt);
}
