package io.sluice.jobmaster.internal;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.job.JobGraph;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Accepts jobs and runs one {@link JobMaster} per job, each on its own main thread. A job is checked before
 * anything starts — every operator type provided, its scheduler registered and willing to run it — so a bad
 * job is refused with the reason and leaves nothing behind. Ended jobs keep their final details.
 * Thread-safe: job state lives on each JobMaster's main thread; this class only keeps the table of jobs.
 */
@Component(service = DispatcherGateway.class, immediate = true, configurationPid = JobMasterConfig.PID)
@Designate(ocd = JobMasterConfig.Config.class)
public class DispatcherComponent implements DispatcherGateway {
    private record RunningJob(JobMaster jobMaster, ThreadMainThreadExecutor thread, CompletableFuture<JobDetails> result) {
    }

    private final ResourceManagerGateway resourceManager;
    private final StrategyRegistry registry;
    private final OperatorCatalog operators;
    private final Logger log;
    private final Map<JobId, RunningJob> jobs = new ConcurrentHashMap<>();
    private volatile SlotPoolSettings settings;

    @Activate
    public DispatcherComponent(@Reference ResourceManagerGateway resourceManager, @Reference StrategyRegistry registry,
            @Reference OperatorCatalog operators, @Reference(service = LoggerFactory.class) Logger log,
            Map<String, Object> properties) {
        this.resourceManager = resourceManager;
        this.registry = registry;
        this.operators = operators;
        this.log = log;
        try {
            this.settings = JobMasterConfig.parse(properties);
        } catch (IllegalArgumentException e) {
            log.error("configuration {} rejected, using the defaults: {}", JobMasterConfig.PID, e.getMessage());
            this.settings = SlotPoolSettings.DEFAULT;
        }
    }

    /** New settings apply to the jobs started from now on and to every running one. */
    @Modified
    void modified(Map<String, Object> properties) {
        SlotPoolSettings parsed;
        try {
            parsed = JobMasterConfig.parse(properties);
        } catch (IllegalArgumentException e) {
            log.error("configuration {} rejected, the previous settings stay: {}", JobMasterConfig.PID, e.getMessage());
            return;
        }
        settings = parsed;
        jobs.values().forEach(job -> job.thread().execute(() -> job.jobMaster().slotPool().reconfigure(parsed)));
        log.info("JobMasters reconfigured: {}", parsed);
    }

    @Override
    public CompletableFuture<JobId> submitJob(JobGraph job) {
        ResolvedStrategy<SchedulingStrategyFactory> scheduler;
        ExecutionGraph graph;
        JobRecovery recovery;
        try {
            checkOperators(job);
            scheduler = registry.require(StrategyKind.SCHEDULER, job.config().get(StrategyKind.SCHEDULER.configKey()));
            graph = ExecutionGraph.build(job);
            Optional<String> unsupported = scheduler.service().unsupportedReason(graph);
            if (unsupported.isPresent()) {
                throw new JobValidationException(job.name(), "scheduler '" + scheduler.name() + "' cannot run it: "
                        + unsupported.get());
            }
            recovery = recovery(job, graph);
        } catch (RuntimeException e) {
            log.info("job '{}' refused: {}", job.name(), e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        // the job's own main thread goes on from the ResourceManager's answer, not the ResourceManager's thread
        ThreadMainThreadExecutor thread = new ThreadMainThreadExecutor("sluice-jobmaster-" + job.name());
        return resourceManager.requestClusterStatus().thenApplyAsync(cluster -> {
            checkCapacity(job, graph, scheduler, cluster);
            return start(job, graph, scheduler, recovery, thread);
        }, thread).whenComplete((id, error) -> {
            if (error != null) {
                thread.close();
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                log.info("job '{}' refused: {}", job.name(), cause.getMessage());
            }
        });
    }

    /**
     * Every shared slot of the job must fit some slot the cluster has or can start; and a cluster that cannot start
     * workers must hold every group of tasks the scheduler deploys together.
     */
    static void checkCapacity(JobGraph job, ExecutionGraph graph,
            ResolvedStrategy<SchedulingStrategyFactory> scheduler, ClusterStatus cluster) {
        SharedSlots.slotProfiles(graph).forEach((profile, where) -> {
            if (!cluster.canEverServe(profile)) {
                List<io.sluice.api.job.ResourceProfile> slots = cluster.slotProfiles();
                throw new JobValidationException(job.name(), where + " asks for " + profile + " (its subtasks' "
                        + "resources added up), but no slot of the cluster can ever hold it: "
                        + (slots.isEmpty() ? "the cluster has no workers and starts none"
                                : "the largest slot is " + slots.get(slots.size() - 1)
                                        + (cluster.startsWorkers() ? " (new workers get " + cluster.newWorkerSlot() + ")" : "")));
            }
        });
        if (cluster.startsWorkers()) {
            return;
        }
        int needed = 0;
        for (Iterable<? extends SchedulingExecutionVertex> tasks : scheduler.service().tasksDeployedTogether(graph)) {
            needed = Math.max(needed, SharedSlots.slotsNeeded(graph, tasks));
        }
        if (needed > cluster.totalSlots()) {
            throw new JobValidationException(job.name(), "scheduler '" + scheduler.name() + "' needs " + needed
                    + " slots at the same time (with slot sharing), but the cluster has " + cluster.totalSlots()
                    + " slots on " + cluster.workers().size() + " workers and its resource provider starts none");
        }
    }

    /**
     * The job's failover strategy (checked now, looked up again at every failure, falling back to the cluster
     * default if its plugin goes) and its restart backoff, created from the {@code restart.*} keys.
     */
    private JobRecovery recovery(JobGraph job, ExecutionGraph graph) {
        String failoverName = job.config().get(StrategyKind.FAILOVER.configKey());
        ResolvedStrategy<FailoverStrategyFactory> failover = registry.require(StrategyKind.FAILOVER, failoverName);
        Optional<String> unsupported = failover.service().unsupportedReason(graph);
        if (unsupported.isPresent()) {
            throw new JobValidationException(job.name(), "failover '" + failover.name() + "' cannot handle it: "
                    + unsupported.get());
        }
        ResolvedStrategy<RestartBackoffStrategyFactory> restart = registry.require(StrategyKind.RESTART,
                job.config().get(StrategyKind.RESTART.configKey()));
        Map<String, String> options = new java.util.LinkedHashMap<>();
        job.config().forEach((key, value) -> {
            if (key.startsWith("restart.") && !key.equals(StrategyKind.RESTART.configKey())) {
                options.put(key.substring("restart.".length()), value);
            }
        });
        StrategyOptions restartOptions = new StrategyOptions("restart", options);
        RestartBackoffStrategy backoff;
        try {
            backoff = restart.service().create(restartOptions);
        } catch (IllegalArgumentException e) {
            throw new JobValidationException(job.name(), "restart strategy '" + restart.name() + "': " + e.getMessage());
        }
        if (!restartOptions.unreadKeys().isEmpty()) {
            throw new JobValidationException(job.name(), "restart strategy '" + restart.name()
                    + "' has no option " + String.join(", ", restartOptions.unreadKeys().stream()
                            .map(restartOptions::qualified).toList()));
        }
        String chosen = failover.name();
        return new JobRecovery(() -> {
            ResolvedStrategy<FailoverStrategyFactory> current = registry.resolveOrDefault(StrategyKind.FAILOVER, chosen);
            return new JobRecovery.Failover(current.service(), current.name(), current.plugin().bundleVersion());
        }, backoff);
    }

    /** Starts the JobMaster; runs on its main thread. */
    private JobId start(JobGraph job, ExecutionGraph graph, ResolvedStrategy<SchedulingStrategyFactory> scheduler,
            JobRecovery recovery, ThreadMainThreadExecutor thread) {
        JobId id = JobId.generate();
        JobMaster jobMaster = new JobMaster(id, thread, resourceManager, settings, slot -> { });
        CompletableFuture<JobDetails> result = jobMaster.run(graph, scheduler.service(), recovery,
                () -> thread.now().toEpochMilli());
        jobs.put(id, new RunningJob(jobMaster, thread, result));
        StrategyListener swaps = followSchedulerSwaps(job, id, scheduler, jobMaster, thread);
        result.whenComplete((details, error) -> registry.removeListener(swaps));
        log.info("job '{}' ({}) submitted: {} tasks, scheduler {} {}", job.name(), id, graph.taskCount(),
                scheduler.name(), scheduler.plugin().bundleVersion());
        result.whenComplete((details, error) -> {
            if (error != null) {
                log.error("job '{}' ({}) crashed its JobMaster", job.name(), id, error);
            } else {
                log.info("job '{}' ({}) ended {}{}", job.name(), id, details.status(),
                        details.failure() == null ? "" : ": " + details.failure().summary());
            }
            thread.close(); // the final details stay in the result
        });
        return id;
    }

    /**
     * When the job's scheduling plugin is replaced or removed while it runs, the JobMaster continues with the
     * plugin the registry now resolves for the name (or the default), re-created from the current states.
     */
    private StrategyListener followSchedulerSwaps(JobGraph job, JobId id,
            ResolvedStrategy<SchedulingStrategyFactory> started, JobMaster jobMaster, ThreadMainThreadExecutor thread) {
        String name = started.name();
        SchedulingStrategyFactory[] current = {started.service()};
        StrategyListener listener = (kind, changed) -> {
            if (kind != StrategyKind.SCHEDULER || !changed.equals(name)) {
                return;
            }
            ResolvedStrategy<SchedulingStrategyFactory> now = registry.resolveOrDefault(StrategyKind.SCHEDULER, name);
            thread.execute(() -> {
                if (now.service() != current[0]) {
                    current[0] = now.service();
                    log.info("job '{}' ({}) continues with scheduler {} {}{}", job.name(), id, now.name(),
                            now.plugin().bundleVersion(), now.fallback() ? " (the default; '" + name + "' is gone)" : "");
                    jobMaster.replaceSchedulingStrategy(now.service());
                }
            });
        };
        registry.addListener(listener);
        return listener;
    }

    private void checkOperators(JobGraph job) {
        Optional<String> problem = operators.check(job);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    @Override
    public CompletableFuture<JobDetails> requestJob(JobId id) {
        RunningJob job = jobs.get(id);
        if (job == null) {
            return unknown(id);
        }
        if (job.result().isDone()) {
            return job.result();
        }
        // a JobMaster that ends meanwhile answers no more: its final details are the answer then
        return job.jobMaster().gateway().requestJobDetails().exceptionallyCompose(error -> job.result())
                .applyToEither(job.result(), details -> details);
    }

    @Override
    public CompletableFuture<JobDetails> requestJobResult(JobId id) {
        RunningJob job = jobs.get(id);
        return job == null ? unknown(id) : job.result();
    }

    @Override
    public CompletableFuture<Void> cancelJob(JobId id) {
        RunningJob job = jobs.get(id);
        if (job == null) {
            return unknown(id).thenApply(details -> null);
        }
        if (!job.result().isDone()) {
            job.thread().execute(job.jobMaster()::cancel);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<JobDetails>> listJobs() {
        List<CompletableFuture<JobDetails>> all = new ArrayList<>();
        jobs.keySet().forEach(id -> all.add(requestJob(id)));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
    }

    private static <T> CompletableFuture<T> unknown(JobId id) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("no job " + id + " on this cluster"));
    }

    @Deactivate
    void deactivate() {
        jobs.values().forEach(job -> {
            if (!job.result().isDone()) {
                job.thread().execute(job.jobMaster()::cancel);
            }
        });
    }
}
