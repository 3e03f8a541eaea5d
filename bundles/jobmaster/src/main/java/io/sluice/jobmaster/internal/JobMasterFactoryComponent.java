package io.sluice.jobmaster.internal;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.jobmaster.JobChecks;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.jobmaster.JobMasterHandle;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Builds and starts JobMasters for the Dispatcher. A job is checked before anything starts — {@link JobChecks}, then
 * its slots within what the cluster offers — so a bad job is refused with the reason and leaves nothing behind. Running JobMasters follow
 * {@code conf/io.sluice.jobmaster.cfg} and swaps of their scheduling plugin; an ended one is forgotten at once.
 * Thread-safe: each JobMaster's state lives on its own main thread; this class only keeps the set of running ones.
 */
@Component(service = JobMasterFactory.class, immediate = true, configurationPid = JobMasterConfig.PID)
@Designate(ocd = JobMasterConfig.Config.class)
public class JobMasterFactoryComponent implements JobMasterFactory {
    private record Running(JobMaster jobMaster, MainThreadExecutor thread) {
    }

    private final RpcService rpc;
    private final ResourceManagerGateway resourceManager;
    private final StrategyRegistry registry;
    private final OperatorCatalog operators;
    private final Logger log;
    private final Map<JobId, Running> running = new ConcurrentHashMap<>();
    private volatile JobMasterConfig.Settings settings;

    @Activate
    public JobMasterFactoryComponent(@Reference RpcService rpc,
            @Reference(target = ProcessRole.MASTER_OR_EMBEDDED) ProcessRole.Service role,
            @Reference ResourceManagerGateway resourceManager,
            @Reference StrategyRegistry registry, @Reference OperatorCatalog operators,
            @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.rpc = rpc;
        this.resourceManager = resourceManager;
        this.registry = registry;
        this.operators = operators;
        this.log = log;
        try {
            this.settings = JobMasterConfig.parseAll(properties);
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, using the defaults: {}", JobMasterConfig.source(properties), e.getMessage());
            this.settings = JobMasterConfig.parseAll(Map.of());
        }
    }

    /** New settings apply to the jobs started from now on and, but for the history size, to every running one. */
    @Modified
    void modified(Map<String, Object> properties) {
        JobMasterConfig.Settings parsed;
        try {
            parsed = JobMasterConfig.parseAll(properties);
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, the running settings stay: {}", JobMasterConfig.source(properties), e.getMessage());
            return;
        }
        settings = parsed;
        running.values().forEach(job -> job.thread().execute(() -> job.jobMaster().slotPool().reconfigure(parsed.slotPool())));
        log.info("JobMasters reconfigured: {}, web.exception-history-size={}", parsed.slotPool(),
                parsed.exceptionHistorySize());
    }

    @Override
    public JobChecks checks() {
        return new JobChecks(registry, operators, settings.maxTasks());
    }

    @Override
    public JobMasterHandle start(JobId id, JobGraph job, ClusterStatus cluster, MainThreadExecutor mainThread) {
        mainThread.assertMainThread();
        JobMasterConfig.Settings current = settings;
        JobChecks.CheckedJob checked = new JobChecks(registry, operators, current.maxTasks()).check(job);
        ExecutionGraph graph = checked.graph();
        ResolvedStrategy<SchedulingStrategyFactory> scheduler = checked.scheduler();
        JobRecovery recovery = recovery(checked, current.exceptionHistorySize());
        checkCapacity(job, graph, scheduler, cluster);

        JobMaster jobMaster = new JobMaster(rpc, id, mainThread, resourceManager, current.slotPool(), slot -> { });
        CompletableFuture<JobDetails> result = jobMaster.run(graph, scheduler.service(), recovery,
                () -> mainThread.now().toEpochMilli());
        running.put(id, new Running(jobMaster, mainThread));
        StrategyListener swaps = followSchedulerSwaps(job, id, scheduler, jobMaster, mainThread);
        result.whenComplete((details, error) -> {
            running.remove(id); // nothing of the JobMaster outlives the job: its details are the result
            registry.removeListener(swaps);
            if (details != null && details.failure() != null) { // the log keeps the trace the console leaves out
                log.info("job '{}' ({}) {}: {}{}{}", job.name(), id, details.status(), details.failure().summary(),
                        System.lineSeparator(), details.failure().stackTrace());
            }
        });
        log.info("job '{}' ({}) submitted: {} tasks, scheduler {} {}", job.name(), id, graph.taskCount(),
                scheduler.name(), scheduler.plugin().bundleVersion());
        return new JobMasterHandle(jobMaster.gateway(), result);
    }

    /**
     * Every shared slot of the job must fit some slot the cluster has or can start; and a cluster that cannot start
     * workers must hold every group of tasks the scheduler deploys together.
     */
    static void checkCapacity(JobGraph job, ExecutionGraph graph,
            ResolvedStrategy<SchedulingStrategyFactory> scheduler, ClusterStatus cluster) {
        SharedSlots.slotProfiles(graph).forEach((profile, where) -> {
            if (!cluster.canEverServe(profile)) {
                List<ResourceProfile> slots = cluster.slotProfiles();
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
     * The job's failover strategy, looked up again at every failure (falling back to the cluster default if its
     * plugin goes), and its restart backoff.
     */
    private JobRecovery recovery(JobChecks.CheckedJob job, int historySize) {
        String chosen = job.failover().name();
        return new JobRecovery(() -> {
            ResolvedStrategy<FailoverStrategyFactory> current = registry.resolveOrDefault(StrategyKind.FAILOVER, chosen);
            return new JobRecovery.Failover(current.service(), current.name(), current.plugin().bundleVersion());
        }, job.backoff(), historySize);
    }

    /**
     * When the job's scheduling plugin is replaced or removed while it runs, the JobMaster continues with the
     * plugin the registry now resolves for the name (or the default), re-created from the current states.
     */
    private StrategyListener followSchedulerSwaps(JobGraph job, JobId id,
            ResolvedStrategy<SchedulingStrategyFactory> started, JobMaster jobMaster, MainThreadExecutor thread) {
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

    /** JobMasters running now; for tests that count what a long session keeps. */
    int runningJobMasters() {
        return running.size();
    }
}
