package io.sluice.rpc.gateway;

import io.sluice.api.job.JobId;
import io.sluice.api.slot.SlotId;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A TaskExecutor as the ResourceManager and JobMasters see it. */
public interface TaskExecutorGateway {

    /** The ResourceManager gives slot {@code slot} to a job: allocate it and offer it to that JobMaster. */
    @RpcMessage(id = 401)
    CompletableFuture<Void> requestSlot(SlotId slot, JobId job, AllocationId allocation, RpcAddress jobMaster);

    /** The JobMaster gives the slot back; the TaskExecutor tells the ResourceManager it is free. */
    @RpcMessage(id = 402)
    void freeSlot(AllocationId allocation, String cause);

    /** The ResourceManager's heartbeat; answered with {@link ResourceManagerGateway#heartbeatFromTaskExecutor}. */
    @RpcMessage(id = 403)
    void heartbeatFromResourceManager();

    /** A JobMaster's heartbeat; answered with {@link JobMasterGateway#heartbeatFromTaskExecutor}. */
    @RpcMessage(id = 404)
    void heartbeatFromJobMaster(JobId job, RpcAddress jobMaster);

    /** The job ended (or its JobMaster went away): every slot it holds here is freed. */
    @RpcMessage(id = 405)
    void disconnectJobMaster(JobId job, String cause);

    /**
     * Runs a task in a slot the job holds here. Completes once the task is accepted (its thread started);
     * fails when the allocation is not the job's here. State changes follow through
     * {@link JobMasterGateway#updateTaskExecutionState}.
     */
    @RpcMessage(id = 406, version = 2)
    CompletableFuture<Void> submitTask(TaskDeploymentDescriptor task);

    /** Cancels a running task: it is interrupted and reports CANCELED. Unknown attempts are ignored. */
    @RpcMessage(id = 407)
    void cancelTask(ExecutionAttemptId attempt);

    /** Records in and out of every task of {@code job} running here, as non-final states. */
    @RpcMessage(id = 408, version = 2)
    CompletableFuture<List<TaskExecutionState>> requestTaskMetrics(JobId job);

    /**
     * Producers of a task deployed before they were placed now are (Flink's updatePartitionInfo): its channels of
     * these partitions read where the locations say. Unknown attempts are ignored.
     */
    @RpcMessage(id = 409)
    void updatePartitionInfo(ExecutionAttemptId consumer, List<TaskDeploymentDescriptor.PartitionLocation> partitions);
}
