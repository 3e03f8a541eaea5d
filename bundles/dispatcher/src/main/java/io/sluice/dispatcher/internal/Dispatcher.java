package io.sluice.dispatcher.internal;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.jobmaster.JobMasterHandle;
import io.sluice.rpc.Gateways;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.DuplicateJobException;
import io.sluice.rpc.gateway.DispatcherBusyException;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobPlan;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Dispatcher endpoint: accepts jobs, starts each one's JobMaster on a main thread of its own through the
 * {@link JobMasterFactory}, answers for running jobs through their JobMasters' gateways, and keeps the final
 * details of ended jobs in a bounded archive ({@code jobstore.max-capacity} entries, each for at most
 * {@code jobstore.expiration-time}, like Flink's). An ended job leaves nothing else behind: its JobMaster,
 * ExecutionGraph and gateway are unreachable from here the moment its result is in. All state lives on the
 * Dispatcher's main thread.
 */
public final class Dispatcher implements DispatcherGateway {
    private final MainThreadExecutor mainThread;
    private final ResourceManagerGateway resourceManager;
    private final JobMasterFactory jobMasters;
    private final Consumer<String> events;
    private final RpcService.Registration endpoint;
    private final DispatcherGateway self;
    private final Map<JobId, Running> running = new HashMap<>();
    /** Ended jobs, oldest first. */
    private final LinkedHashMap<JobId, Archived> archive = new LinkedHashMap<>();
    /** Ids of jobs whose JobMasters are being started. */
    private final java.util.Set<JobId> starting = new java.util.HashSet<>();
    private DispatcherSettings settings;

    private record Running(String name, JobMasterHandle handle, ThreadMainThreadExecutor thread, JobPlan plan) {
    }

    private record Archived(JobDetails details, JobPlan plan, MainThreadExecutor.ScheduledTask expiry) {
    }

    private record Started(JobMasterHandle handle, JobPlan plan) {
    }

    /** @param events one line per job submitted, refused or ended */
    public Dispatcher(RpcService rpc, MainThreadExecutor mainThread, ResourceManagerGateway resourceManager,
            JobMasterFactory jobMasters, DispatcherSettings settings, Consumer<String> events) {
        this.mainThread = mainThread;
        this.resourceManager = resourceManager;
        this.jobMasters = jobMasters;
        this.settings = settings;
        this.events = events;
        this.endpoint = rpc.serve(ENDPOINT, DispatcherGateway.class, this, mainThread, null);
        this.self = rpc.connect(endpoint.address(), DispatcherGateway.class);
    }

    /** The endpoint id of the Dispatcher in its process. */
    public static final String ENDPOINT = "dispatcher";

    /** Where clients reach this Dispatcher. */
    public RpcAddress address() {
        return endpoint.address();
    }

    /** The gateway clients use: every call runs on the Dispatcher's main thread. */
    public DispatcherGateway gateway() {
        return self;
    }

    /** New archive bounds; applied to the jobs archived so far at once. Main thread. */
    public void reconfigure(DispatcherSettings newSettings) {
        mainThread.assertMainThread();
        settings = newSettings;
        trimArchive();
    }

    @Override
    public CompletableFuture<JobId> submitJob(JobGraph job) {
        return submitJobAs(JobId.generate(), job);
    }

    @Override
    public CompletableFuture<JobId> submitJobAs(JobId id, JobGraph job) {
        mainThread.assertMainThread();
        if (running.containsKey(id) || archive.containsKey(id) || starting.contains(id)) {
            return CompletableFuture.failedFuture(new DuplicateJobException("job " + id + " was submitted already"));
        }
        if (starting.size() + notEnded() >= settings.maxRunningJobs()) {
            return CompletableFuture.failedFuture(new DispatcherBusyException("the cluster runs "
                    + settings.maxRunningJobs() + " jobs, as many as it may (dispatcher.max-running-jobs); submit "
                    + "again when one has ended"));
        }
        starting.add(id);
        ThreadMainThreadExecutor thread = new ThreadMainThreadExecutor("sluice-jobmaster-" + job.name());
        // the job's checks and its JobMaster run on the job's own thread, never on the Dispatcher's
        return resourceManager.requestClusterStatus()
                .thenApplyAsync(cluster -> new Started(jobMasters.start(id, job, cluster, thread),
                        JobPlan.of(id, job)), thread)
                .handleAsync((started, error) -> {
                    starting.remove(id);
                    if (error != null) {
                        thread.close();
                        Throwable cause = Gateways.cause(error);
                        events.accept("job '" + job.name() + "' refused: " + cause.getMessage());
                        return CompletableFuture.<JobId>failedFuture(cause);
                    }
                    JobMasterHandle handle = started.handle();
                    running.put(id, new Running(job.name(), handle, thread, started.plan()));
                    handle.result().whenCompleteAsync((details, failure) -> ended(id, details, failure), mainThread);
                    return CompletableFuture.completedFuture(id);
                }, mainThread)
                .thenCompose(answer -> answer);
    }

    /** Running jobs whose result is not in yet (one that just ended leaves {@link #running} a moment later). */
    private int notEnded() {
        int count = 0;
        for (Running job : running.values()) {
            count += job.handle().result().isDone() ? 0 : 1;
        }
        return count;
    }

    private void ended(JobId id, JobDetails details, Throwable error) {
        Running job = running.remove(id);
        if (job == null) {
            return;
        }
        job.thread().close();
        if (error != null) {
            events.accept("job '" + job.name() + "' (" + id + ") crashed its JobMaster: " + Gateways.cause(error));
            return;
        }
        events.accept("job '" + job.name() + "' (" + id + ") ended " + details.status()
                + (details.failure() == null ? "" : ": " + details.failure().summary()));
        archive.put(id, new Archived(details, job.plan(), mainThread.schedule(() -> archive.remove(id), settings.expiration())));
        trimArchive();
    }

    private void trimArchive() {
        for (Iterator<Archived> oldest = archive.values().iterator();
                oldest.hasNext() && archive.size() > settings.maxCapacity();) {
            oldest.next().expiry().cancel();
            oldest.remove();
        }
    }

    @Override
    public CompletableFuture<JobDetails> requestJob(JobId id) {
        Running job = running.get(id);
        if (job != null) {
            // a JobMaster that ends meanwhile answers no more: its final details are the answer then
            CompletableFuture<JobDetails> result = job.handle().result();
            if (result.isDone()) {
                return result;
            }
            // and one that ends while answering may never answer (its thread closes): the result answers then
            return job.handle().gateway().requestJobDetails()
                    .exceptionallyCompose(error -> result.isDone() ? result : CompletableFuture.failedFuture(error))
                    .applyToEither(result, details -> details);
        }
        return archived(id);
    }

    @Override
    public CompletableFuture<JobDetails> requestJobResult(JobId id) {
        Running job = running.get(id);
        if (job != null) {
            return job.handle().result();
        }
        return archived(id);
    }

    private CompletableFuture<JobDetails> archived(JobId id) {
        Archived archived = archive.get(id);
        return archived != null ? CompletableFuture.completedFuture(archived.details()) : unknown(id);
    }

    private static <T> CompletableFuture<T> unknown(JobId id) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("no job " + id + " on this cluster"));
    }

    @Override
    public CompletableFuture<JobPlan> requestJobPlan(JobId id) {
        Running job = running.get(id);
        if (job != null) {
            return CompletableFuture.completedFuture(job.plan());
        }
        Archived archived = archive.get(id);
        return archived != null ? CompletableFuture.completedFuture(archived.plan()) : unknown(id);
    }

    @Override
    public CompletableFuture<Void> cancelJob(JobId id) {
        Running job = running.get(id);
        if (job != null) {
            return job.handle().gateway().cancel();
        }
        return archived(id).thenApply(ended -> null); // an ended job stays as it ended
    }

    /** The running jobs (a JobMaster that does not answer in time is left out) and the archived ones. */
    @Override
    public CompletableFuture<List<JobDetails>> listJobs() {
        List<CompletableFuture<JobDetails>> all = new ArrayList<>();
        running.keySet().forEach(id -> all.add(requestJob(id).exceptionally(error -> null)));
        archive.values().forEach(archived -> all.add(CompletableFuture.completedFuture(archived.details())));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> all.stream()
                .map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList());
    }

    /** Running jobs and archived ones, for tests of what a long session keeps. Main thread. */
    public int runningJobs() {
        return running.size();
    }

    public int archivedJobs() {
        return archive.size();
    }

    /** Cancels every running job: the platform stops. */
    public void stop() {
        running.values().forEach(job -> job.handle().gateway().cancel());
        endpoint.close();
    }

    /** Stops serving calls, from any thread, so that a successor can serve the endpoint id at once. */
    public void closeEndpoint() {
        endpoint.close();
    }
}
