package io.sluice.benchmarks.cluster;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ExecutionAttemptId;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotReport;
import io.sluice.rpc.gateway.SlotStatus;
import io.sluice.rpc.gateway.TaskDeploymentDescriptor;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TaskExecutor as far as the ResourceManager's side of the heartbeat protocol goes: it registers with its slot
 * report and answers every {@code heartbeatFromResourceManager} with {@code heartbeatFromTaskExecutor} and the same
 * report, as {@code TaskExecutor} does. It runs nothing: no job is submitted, so slot and task calls never come.
 * Runs on its host's main thread.
 */
final class SimulatedWorker implements TaskExecutorGateway {
    /** A worker's default slot (1 core, 512 MB heap), as {@code taskexecutor.slots} without further settings. */
    static final ResourceProfile SLOT = new ResourceProfile(1000, 512, 0);

    private final WorkerId id;
    private final SlotReport report;
    private final ResourceManagerGateway resourceManager;
    /** Heartbeats asked for by the ResourceManager, and answered, since the start. */
    final AtomicLong heartbeats = new AtomicLong();

    SimulatedWorker(WorkerId id, int slots, ResourceManagerGateway resourceManager) {
        this.id = id;
        this.resourceManager = resourceManager;
        List<SlotStatus> statuses = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            statuses.add(SlotStatus.free(new SlotId(id, i), SLOT));
        }
        this.report = new SlotReport(statuses);
    }

    WorkerId id() {
        return id;
    }

    CompletableFuture<RpcAddress> register(RpcAddress self) {
        return resourceManager.registerTaskExecutor(id, self, report);
    }

    @Override
    public void heartbeatFromResourceManager() {
        heartbeats.incrementAndGet();
        resourceManager.heartbeatFromTaskExecutor(id, report);
    }

    @Override
    public CompletableFuture<Void> requestSlot(SlotId slot, JobId job, AllocationId allocation,
            RpcAddress jobMaster) {
        return CompletableFuture.failedFuture(new IllegalStateException(id + " is simulated and runs no job"));
    }

    @Override
    public void freeSlot(AllocationId allocation, String cause) {
    }

    @Override
    public void heartbeatFromJobMaster(JobId job, RpcAddress jobMaster) {
    }

    @Override
    public void disconnectJobMaster(JobId job, String cause) {
    }

    @Override
    public CompletableFuture<Void> submitTask(TaskDeploymentDescriptor task) {
        return CompletableFuture.failedFuture(new IllegalStateException(id + " is simulated and runs no task"));
    }

    @Override
    public void cancelTask(ExecutionAttemptId attempt) {
    }

    @Override
    public void updatePartitionInfo(ExecutionAttemptId consumer,
            java.util.List<io.sluice.rpc.gateway.TaskDeploymentDescriptor.PartitionLocation> partitions) {
    }

    @Override
    public CompletableFuture<List<TaskExecutionState>> requestTaskMetrics(JobId job) {
        return CompletableFuture.completedFuture(List.of());
    }
}
