package io.sluice.minicluster;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.slot.WorkerId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.dispatcher.internal.DispatcherSettings;
import io.sluice.dispatcher.internal.Dispatcher;
import io.sluice.jobmaster.JobChecks;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.jobmaster.JobMasterHandle;
import io.sluice.jobmaster.internal.JobMaster;
import io.sluice.jobmaster.internal.JobRecovery;
import io.sluice.jobmaster.internal.SlotPoolSettings;
import io.sluice.operators.CountFactory;
import io.sluice.operators.DiscardSinkFactory;
import io.sluice.operators.FailFactory;
import io.sluice.operators.FileSinkFactory;
import io.sluice.operators.IdentityFactory;
import io.sluice.operators.RollingSumFactory;
import io.sluice.operators.SequenceSourceFactory;
import io.sluice.operators.SumFactory;
import io.sluice.operators.TextSourceFactory;
import io.sluice.operators.ToPairFactory;
import io.sluice.operators.TokenizeFactory;
import io.sluice.registry.OperatorCatalog;
import io.sluice.resourcemanager.internal.ResourceManager;
import io.sluice.resourcemanager.internal.ResourceManagerSettings;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.LocalRpcService;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ShuffleSettings;
import io.sluice.slotmatcher.anyfit.AnyFitSlotMatchingStrategy;
import io.sluice.taskexecutor.internal.TaskExecutor;
import io.sluice.taskexecutor.internal.TaskRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real cluster in this JVM without OSGi, like Flink's MiniCluster: ResourceManager, TaskExecutors and JobMasters
 * each on their own main thread, tasks on their own threads, the built-in operators. Standalone: the workers it
 * was built with are all there is.
 */
public final class MiniCluster implements AutoCloseable {
    public static final ResourceProfile SLOT = ResourceProfile.of(1, 1024);

    private final List<ThreadMainThreadExecutor> threads = new ArrayList<>();
    private final LocalRpcService rpc = new LocalRpcService(warning -> { });
    private final ResourceManager resourceManager;
    private final Map<WorkerId, TaskExecutor> workers = new HashMap<>();
    private final Map<WorkerId, ThreadMainThreadExecutor> workerThreads = new HashMap<>();
    private final PartitionRegistry partitions = new PartitionRegistry();
    private final java.util.concurrent.ExecutorService taskThreads = TaskRuntime.taskThreadPool("minicluster-task");
    private final TaskRuntime runtime;
    private volatile SlotPoolSettings slotPool = SlotPoolSettings.DEFAULT;

    public MiniCluster(int workerCount, int slotsPerWorker, ShuffleSettings shuffle) {
        this(workerCount, slotsPerWorker, shuffle, Map.of());
    }

    /** @param extraOperators operator types of the test, next to (or instead of) the built-in ones */
    public MiniCluster(int workerCount, int slotsPerWorker, ShuffleSettings shuffle,
            Map<String, OperatorFactory> extraOperators) {
        ThreadMainThreadExecutor rmThread = thread("resourcemanager");
        ResourceProvider standalone = new ResourceProvider() {
            @Override
            public boolean isActive() {
                return false;
            }

            @Override
            public CompletableFuture<WorkerId> startWorker(WorkerSpec spec) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("standalone"));
            }

            @Override
            public CompletableFuture<Void> stopWorker(WorkerId worker) {
                return CompletableFuture.completedFuture(null);
            }
        };
        resourceManager = new ResourceManager(rpc, rmThread, new AnyFitSlotMatchingStrategy().createIndex(),
                () -> standalone, new ResourceManagerSettings(Duration.ofSeconds(20), Duration.ofSeconds(30),
                        HeartbeatSettings.DEFAULT, new WorkerSpec(slotsPerWorker, SLOT)), event -> { });
        Map<String, OperatorFactory> operators = new HashMap<>();
        OperatorCatalog builtIn = builtInOperators();
        builtIn.types().forEach(type -> operators.put(type, builtIn.find(type).orElseThrow()));
        operators.putAll(extraOperators); // a test's own type of the same name wins
        runtime = new TaskRuntime(OperatorCatalog.of(operators), partitions, shuffle, taskThreads);
        for (int i = 1; i <= workerCount; i++) {
            WorkerId id = new WorkerId("worker-" + i);
            ThreadMainThreadExecutor thread = thread(id.toString());
            TaskExecutor worker = new TaskExecutor(rpc, id, thread, Collections.nCopies(slotsPerWorker, SLOT),
                    resourceManager.gateway(), HeartbeatSettings.DEFAULT, runtime);
            workers.put(id, worker);
            workerThreads.put(id, thread);
            call(thread, worker::start).join();
        }
    }

    public static OperatorCatalog builtInOperators() {
        Map<String, OperatorFactory> factories = new HashMap<>();
        for (OperatorFactory factory : List.of(new SequenceSourceFactory(), new TextSourceFactory(),
                new TokenizeFactory(), new IdentityFactory(), new ToPairFactory(), new SumFactory(),
                new RollingSumFactory(), new CountFactory(), new FileSinkFactory(), new DiscardSinkFactory(),
                new FailFactory())) {
            factories.put(typeOf(factory), factory);
        }
        return OperatorCatalog.of(factories);
    }

    /** The type name, spelt like the class: {@code ToPairFactory} is {@code to-pair}. */
    private static String typeOf(OperatorFactory factory) {
        String simple = factory.getClass().getSimpleName().replace("Factory", "");
        return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Submits the job with the strategy and waits for its end. */
    public JobDetails run(JobGraph job, SchedulingStrategyFactory strategy) throws Exception {
        return start(job, strategy).run().get(60, TimeUnit.SECONDS);
    }

    public JobDetails run(JobGraph job, SchedulingStrategyFactory strategy, JobRecovery recovery) throws Exception {
        return start(job, strategy, recovery).run().get(60, TimeUnit.SECONDS);
    }

    /** A submitted job: its JobMaster and the future of its final details. */
    public record Running(JobMaster jobMaster, CompletableFuture<JobDetails> run) {

        /** The job's details with fresh counters from its TaskExecutors. */
        public JobDetails details() {
            return jobMaster.gateway().requestJobDetails().join();
        }

        /** Tasks per state as the JobMaster knows them, without asking the workers. */
        public int tasksIn(io.sluice.api.job.ExecutionState state) {
            return call(jobMaster.mainThread(), () -> jobMaster.tasksIn(state)).join();
        }

        public Map<io.sluice.api.job.ExecutionVertexId, io.sluice.api.slot.SlotId> taskLocations() {
            return call(jobMaster.mainThread(), jobMaster::taskLocations).join();
        }

        public void cancel() {
            jobMaster.gateway().cancel();
        }

        /** When each task's current attempt entered each state, by state ordinal (0: never). */
        public Map<io.sluice.api.job.ExecutionVertexId, long[]> stateTimestamps() {
            return call(jobMaster.mainThread(), jobMaster::stateTimestamps).join();
        }
    }

    /** Starts the job; the first task failure fails it. */
    public Running start(JobGraph job, SchedulingStrategyFactory strategy) {
        return start(job, strategy, JobRecovery.none());
    }

    public Running start(JobGraph job, SchedulingStrategyFactory strategy, JobRecovery recovery) {
        ThreadMainThreadExecutor thread = thread("jobmaster-" + job.name());
        JobMaster jobMaster = new JobMaster(rpc, JobId.generate(), thread, resourceManager.gateway(), slotPool, slot -> { });
        CompletableFuture<JobDetails> run = call(thread,
                () -> jobMaster.run(ExecutionGraph.build(job), strategy, recovery, () -> thread.now().toEpochMilli()))
                .thenCompose(future -> future);
        return new Running(jobMaster, run);
    }

    /**
     * A Dispatcher for this cluster, on its own main thread, as a session cluster has it: every job it accepts runs
     * with {@code strategy} and a fresh {@code recovery}, and each JobMaster it starts is also handed to
     * {@code started} (tests follow what a long session keeps).
     */
    public Dispatcher dispatcher(SchedulingStrategyFactory strategy, Supplier<JobRecovery> recovery,
            DispatcherSettings archive, java.util.function.Consumer<JobMaster> started) {
        JobMasterFactory jobMasters = new JobMasterFactory() {
            @Override
            public JobChecks checks() {
                throw new UnsupportedOperationException("the MiniCluster's jobs run with fixed strategies, unchecked");
            }

            @Override
            public JobMasterHandle start(JobId id, JobGraph job, ClusterStatus cluster, MainThreadExecutor mainThread) {
                JobMaster jobMaster = new JobMaster(rpc, id, mainThread, resourceManager.gateway(), slotPool, slot -> { });
                CompletableFuture<JobDetails> result = jobMaster.run(ExecutionGraph.build(job), strategy,
                        recovery.get(), () -> mainThread.now().toEpochMilli());
                started.accept(jobMaster);
                return new JobMasterHandle(jobMaster.gateway(), result);
            }
        };
        return new Dispatcher(rpc, thread("dispatcher"), resourceManager.gateway(), jobMasters, archive, event -> { });
    }

    /** The ResourceManager's gateway, as clients of the cluster call it. */
    public io.sluice.rpc.gateway.ResourceManagerGateway resourceManager() {
        return resourceManager.gateway();
    }

    /** JobMasters the ResourceManager still knows: jobs that asked for slots and have not ended. */
    public int connectedJobMasters() {
        return call(resourceManager.mainThread(), resourceManager::connectedJobMasters).join();
    }

    /** The slot pool settings of the jobs started from now on (Flink's defaults until set). */
    public MiniCluster slotPool(SlotPoolSettings settings) {
        this.slotPool = settings;
        return this;
    }

    /** Free slots as the ResourceManager sees them. */
    public long freeSlots() {
        return resourceManager.gateway().requestClusterStatus().join().workers().stream()
                .flatMap(worker -> worker.slots().stream()).filter(slot -> slot.isFree()).count();
    }

    /**
     * Kills a worker as a crash would: its tasks stop, its partitions are gone, it leaves the ResourceManager,
     * and its main thread stops answering.
     */
    public void killWorker(WorkerId id) {
        TaskExecutor worker = workers.remove(id);
        ThreadMainThreadExecutor thread = workerThreads.remove(id);
        call(thread, () -> {
            worker.stop("killed");
            return null;
        }).join();
        thread.close();
    }

    /** Tasks running on the workers right now. */
    public int runningTasks() {
        int running = 0;
        for (Map.Entry<WorkerId, TaskExecutor> worker : workers.entrySet()) {
            running += call(workerThreads.get(worker.getKey()), worker.getValue()::runningTasks).join();
        }
        return running;
    }

    public PartitionRegistry partitions() {
        return partitions;
    }

    private static <T> CompletableFuture<T> call(io.sluice.rpc.MainThreadExecutor thread, Supplier<T> action) {
        return CompletableFuture.supplyAsync(action, thread);
    }

    private ThreadMainThreadExecutor thread(String name) {
        ThreadMainThreadExecutor thread = new ThreadMainThreadExecutor("test-" + name);
        threads.add(thread);
        return thread;
    }

    @Override
    public void close() {
        threads.forEach(ThreadMainThreadExecutor::close);
        taskThreads.shutdownNow();
    }
}
