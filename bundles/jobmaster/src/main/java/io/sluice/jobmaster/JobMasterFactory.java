package io.sluice.jobmaster;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.gateway.ClusterStatus;
import org.osgi.annotation.versioning.ProviderType;

/** Creates and starts the JobMaster of one job. */
@ProviderType
public interface JobMasterFactory {

    /** The checks {@link #start} makes of a job before the cluster's capacity, with the current configuration. */
    JobChecks checks();

    /**
     * Checks that the job can run on a cluster like {@code cluster} — {@link #checks()}, and its slots fit — and starts its JobMaster with {@code mainThread} as the JobMaster's
     * main thread. Call on that thread. Throws, having started nothing, with a message naming what is wrong.
     */
    JobMasterHandle start(JobId id, JobGraph job, ClusterStatus cluster, MainThreadExecutor mainThread);
}
