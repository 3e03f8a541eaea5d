package io.sluice.jobmaster.internal;

import io.sluice.api.job.JobId;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.slot.WorkerId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ExecutionAttemptId;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobMasterGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotOffer;
import io.sluice.rpc.gateway.TaskExecutionState;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The JobMaster of one job: the endpoint TaskExecutors and the ResourceManager talk to. It owns the job's
 * {@link SlotPool} and, once {@link #run} is called, its {@link Scheduler}; when the job ends it gives every
 * slot back and disconnects from the job's TaskExecutors, which drop the job's partitions.
 *
 * <p>Each JobMaster is a new endpoint fenced by its own JobMaster id: a TaskExecutor or ResourceManager still
 * addressing an earlier JobMaster of the job (an earlier run, or before a master restart) is refused.
 */
public final class JobMaster implements JobMasterGateway {
    private final JobId job;
    private final MainThreadExecutor mainThread;
    private final SlotPool slotPool;
    private final String jobMasterId = java.util.UUID.randomUUID().toString();
    private final RpcService.Registration endpoint;
    private final JobMasterGateway self;
    private Scheduler scheduler;

    /** @param onSlotLost told about every slot in use that was lost with its TaskExecutor */
    public JobMaster(RpcService rpc, JobId job, MainThreadExecutor mainThread, ResourceManagerGateway resourceManager,
            SlotPoolSettings settings, Consumer<PhysicalSlot> onSlotLost) {
        this.job = job;
        this.mainThread = mainThread;
        this.slotPool = new SlotPool(rpc, job, mainThread, resourceManager, settings, slot -> {
            if (scheduler != null) {
                scheduler.slotLost(slot, "its TaskExecutor " + slot.slot().worker() + " was lost");
            }
            onSlotLost.accept(slot);
        });
        this.endpoint = rpc.serve("jobmaster-" + job.value() + "-" + jobMasterId.substring(0, 8),
                JobMasterGateway.class, this, mainThread, () -> jobMasterId);
        this.self = rpc.connect(endpoint.address(), JobMasterGateway.class);
        slotPool.connect(endpoint.address());
        slotPool.onTaskExecutorLost((worker, cause) -> {
            if (scheduler != null) {
                scheduler.workerLost(worker, cause);
            }
        });
    }

    /**
     * Starts running the graph with the given scheduling strategy, recovering from task failures as
     * {@code recovery} says; the future completes with the final details once the job ended. Call on the main
     * thread, once.
     */
    public CompletableFuture<JobDetails> run(ExecutionGraph graph, SchedulingStrategyFactory strategy,
            JobRecovery recovery, LongSupplier clock) {
        mainThread.assertMainThread();
        if (scheduler != null) {
            throw new IllegalStateException("job " + job + " already runs");
        }
        scheduler = new Scheduler(job, graph, strategy, recovery, slotPool, mainThread, clock);
        scheduler.result().thenAccept(details -> {
            slotPool.stop("job " + job + " ended " + details.status());
            endpoint.close();
        });
        scheduler.start();
        return scheduler.result();
    }

    public JobId job() {
        return job;
    }

    public JobMasterGateway gateway() {
        return self;
    }

    /** Where this JobMaster is reached, with its JobMaster id as the fencing token. */
    public RpcAddress address() {
        return endpoint.address();
    }

    public MainThreadExecutor mainThread() {
        return mainThread;
    }

    /** Use on the main thread only. */
    public SlotPool slotPool() {
        return slotPool;
    }

    /** Main thread only. */
    public JobDetails details() {
        return scheduler.details();
    }

    /** When each task's current attempt entered each state (epoch ms, 0 if never), by state ordinal. Main thread only. */
    public java.util.Map<io.sluice.api.job.ExecutionVertexId, long[]> stateTimestamps() {
        return scheduler.progress().stateTimestamps();
    }

    /** How many tasks are in {@code state}. Main thread only. */
    public int tasksIn(io.sluice.api.job.ExecutionState state) {
        return scheduler.progress().tasksIn(state);
    }

    /** The id of the task's current attempt, as its TaskExecutor knows it. Main thread only. */
    public ExecutionAttemptId currentAttempt(io.sluice.api.job.ExecutionVertexId task) {
        return scheduler.execution(task).attemptId();
    }

    /** The slot of every task placed so far. Main thread only. */
    public java.util.Map<io.sluice.api.job.ExecutionVertexId, io.sluice.api.slot.SlotId> taskLocations() {
        return scheduler.progress().taskLocations();
    }

    /**
     * Continues the job with a strategy from {@code factory}, created from the current execution states: for a
     * scheduling plugin replaced (or removed, then the default's) while the job runs. Main thread only.
     */
    public void replaceSchedulingStrategy(SchedulingStrategyFactory factory) {
        scheduler.replaceStrategy(factory);
    }

    @Override
    public CompletableFuture<Void> cancel() {
        if (scheduler == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("job " + job + " is not running yet"));
        }
        scheduler.cancel();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Collection<AllocationId>> offerSlots(WorkerId worker, RpcAddress taskExecutor,
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

    @Override
    public CompletableFuture<JobDetails> requestJobDetails() {
        return scheduler == null ? CompletableFuture.failedFuture(new IllegalStateException("job " + job
                + " is not running yet")) : scheduler.requestDetails();
    }

    @Override
    public CompletableFuture<Boolean> confirmCommit(ExecutionAttemptId attempt) {
        return CompletableFuture.completedFuture(scheduler != null && scheduler.isRunningAttempt(attempt));
    }

    @Override
    public void updateTaskExecutionState(TaskExecutionState state) {
        if (scheduler != null) {
            scheduler.updateTaskExecutionState(state);
        }
    }
}
