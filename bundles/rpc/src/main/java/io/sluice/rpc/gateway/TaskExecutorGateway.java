package io.sluice.rpc.gateway;

import io.sluice.api.job.JobId;
import io.sluice.api.slot.SlotId;
import java.util.concurrent.CompletableFuture;

/** A TaskExecutor as the ResourceManager and JobMasters see it. */
public interface TaskExecutorGateway {

    /** The ResourceManager gives slot {@code slot} to a job: allocate it and offer it to that JobMaster. */
    CompletableFuture<Void> requestSlot(SlotId slot, JobId job, AllocationId allocation, JobMasterGateway jobMaster);

    /** The JobMaster gives the slot back; the TaskExecutor tells the ResourceManager it is free. */
    void freeSlot(AllocationId allocation, String cause);

    /** The ResourceManager's heartbeat; answered with {@link ResourceManagerGateway#heartbeatFromTaskExecutor}. */
    void heartbeatFromResourceManager();

    /** A JobMaster's heartbeat; answered with {@link JobMasterGateway#heartbeatFromTaskExecutor}. */
    void heartbeatFromJobMaster(JobId job, JobMasterGateway jobMaster);

    /** The job ended (or its JobMaster went away): every slot it holds here is freed. */
    void disconnectJobMaster(JobId job, String cause);
}
