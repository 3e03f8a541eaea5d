package io.sluice.rpc.gateway;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcMessage;
import java.util.concurrent.CompletableFuture;

/** The ResourceManager as TaskExecutors and JobMasters see it. */
public interface ResourceManagerGateway {

    /**
     * A TaskExecutor announces itself with every slot it has, and where it is reached. A new address for a known
     * worker is a new incarnation of it (a restarted process): the old one's slots are gone. Answers with the
     * ResourceManager's own address, which the TaskExecutor watches: a closed connection means a new registration.
     */
    @RpcMessage(id = 201)
    CompletableFuture<RpcAddress> registerTaskExecutor(WorkerId worker, RpcAddress taskExecutor, SlotReport slots);

    /**
     * A JobMaster announces itself before it asks for slots. Answers with the ResourceManager's own address, which
     * the JobMaster watches: once that ResourceManager is gone, it registers at the next one and asks again for
     * every slot it still waits for.
     */
    @RpcMessage(id = 209)
    CompletableFuture<RpcAddress> registerJobMaster(JobId job, RpcAddress jobMaster);

    /**
     * A JobMaster asks for a slot. Completes once the request is accepted (given a slot or queued); the slot
     * then arrives as an offer from a TaskExecutor. A request that cannot be met in time is failed through
     * {@link JobMasterGateway#notifyAllocationFailure}. A request for an allocation that a slot serves already
     * (sent again after the ResourceManager restarted) changes nothing.
     */
    @RpcMessage(id = 202)
    CompletableFuture<Void> requestSlot(JobId job, RpcAddress jobMaster, AllocationId allocation,
            ResourceProfile profile);

    @RpcMessage(id = 203)
    void cancelSlotRequest(AllocationId allocation);

    /** The job ended (or its JobMaster stopped): its pending requests are withdrawn and the JobMaster forgotten. */
    @RpcMessage(id = 204)
    void disconnectJobMaster(JobId job, String cause);

    /** A TaskExecutor freed the slot that served {@code previous}. */
    @RpcMessage(id = 205)
    void notifySlotAvailable(WorkerId worker, SlotId slot, AllocationId previous);

    /** A TaskExecutor answers a heartbeat with its slot report. */
    @RpcMessage(id = 206)
    void heartbeatFromTaskExecutor(WorkerId worker, SlotReport slots);

    /** A TaskExecutor goes away (shutdown, or its connection closed). */
    @RpcMessage(id = 207)
    void disconnectTaskExecutor(WorkerId worker, String cause);

    /** Every worker with its slots and every pending request, for operators. */
    @RpcMessage(id = 208)
    CompletableFuture<ClusterStatus> requestClusterStatus();
}
