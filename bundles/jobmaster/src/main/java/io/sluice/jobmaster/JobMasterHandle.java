package io.sluice.jobmaster;

import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobMasterGateway;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A started JobMaster: the gateway to reach it while the job runs, and its final details once the job ended. After
 * that, nothing of the JobMaster is kept by its factory: the final details are all that is left of the job.
 */
public record JobMasterHandle(JobMasterGateway gateway, CompletableFuture<JobDetails> result) {
    public JobMasterHandle {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(result, "result");
    }
}
