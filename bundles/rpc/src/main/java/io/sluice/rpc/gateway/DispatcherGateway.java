package io.sluice.rpc.gateway;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.rpc.RpcMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where clients submit jobs and follow them. */
public interface DispatcherGateway {

    /**
     * Starts a JobMaster for the job. Fails, without starting anything, when the job cannot run here: its
     * scheduler is unknown or rejects it, an operator type is missing.
     */
    @RpcMessage(id = 101)
    CompletableFuture<JobId> submitJob(JobGraph job);

    /**
     * The same under an id the client chose, so that a client which lost the answer can submit again safely: an id
     * the Dispatcher knows (running or archived) fails with {@link DuplicateJobException} and starts nothing.
     */
    @RpcMessage(id = 107)
    CompletableFuture<JobId> submitJobAs(JobId id, JobGraph job);

    /** The job's current state and progress. */
    @RpcMessage(id = 102, version = 3)
    CompletableFuture<JobDetails> requestJob(JobId job);

    /**
     * Completes with the final details once the job is FINISHED, FAILED or CANCELED. Like every call it gets an
     * answer within {@code rpc.ask-timeout}: a job still running then fails it with an {@code RpcException}, and
     * the caller asks again.
     */
    @RpcMessage(id = 103, version = 3)
    CompletableFuture<JobDetails> requestJobResult(JobId job);

    /** Cancels the job's tasks; the job ends CANCELED. */
    @RpcMessage(id = 104)
    CompletableFuture<Void> cancelJob(JobId job);

    /** Every job this dispatcher knows, running or ended. */
    @RpcMessage(id = 105, version = 3)
    CompletableFuture<List<JobDetails>> listJobs();

    /** The job's vertices, edges and pipelined regions, as submitted; kept as long as its details are. */
    @RpcMessage(id = 106)
    CompletableFuture<JobPlan> requestJobPlan(JobId job);
}
