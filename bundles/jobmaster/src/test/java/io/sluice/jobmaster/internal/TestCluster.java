package io.sluice.jobmaster.internal;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.api.slot.WorkerId;
import io.sluice.resourcemanager.internal.ResourceManager;
import io.sluice.resourcemanager.internal.ResourceManagerSettings;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.ManualScheduler;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import io.sluice.slotmatcher.anyfit.AnyFitSlotMatchingStrategy;
import io.sluice.taskexecutor.internal.TaskExecutor;
import io.sluice.taskexecutor.internal.TaskRuntime;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole cluster — ResourceManager, TaskExecutors, JobMasters — on one {@link ManualScheduler}: every
 * message is a queued task, time moves only when the test says so.
 */
final class TestCluster {
    static final ResourceProfile SLOT = ResourceProfile.of(1, 1024);
    static final HeartbeatSettings HEARTBEAT = new HeartbeatSettings(Duration.ofSeconds(10), Duration.ofSeconds(50));
    static final ResourceManagerSettings RM_SETTINGS = new ResourceManagerSettings(Duration.ofMinutes(5),
            Duration.ofSeconds(30), HEARTBEAT, new WorkerSpec(2, SLOT));

    final ManualScheduler scheduler = new ManualScheduler();
    final List<String> events = new ArrayList<>();
    final Map<WorkerId, TaskExecutor> workers = new HashMap<>();
    final List<PhysicalSlot> lostSlots = new ArrayList<>();
    /** Messages to the ResourceManager by method name that the network drops (set by tests). */
    final Set<String> dropToResourceManager = Collections.synchronizedSet(new java.util.HashSet<>());
    final TestProvider provider = new TestProvider();
    /** Refused calls (stale fencing tokens) of the in-process transport. */
    final List<String> refused = new ArrayList<>();
    final io.sluice.rpc.LocalRpcService rpc = new io.sluice.rpc.LocalRpcService(refused::add);
    /** The ResourceManager running now. */
    ResourceManager resourceManager;
    /** How TaskExecutors and JobMasters reach it, as in the platform: through its leader endpoint. */
    final ResourceManagerGateway leader = io.sluice.rpc.LeaderGateways.follow(rpc,
            rpc.addressOf(io.sluice.rpc.gateway.LeaderRetrievalGateway.RESOURCE_MANAGER), ResourceManagerGateway.class);

    TestCluster(boolean activeProvider) {
        provider.active = activeProvider;
        resourceManager = startResourceManager();
    }

    private ResourceManager startResourceManager() {
        return new ResourceManager(rpc, scheduler.executor("rm"), new AnyFitSlotMatchingStrategy().createIndex(),
                () -> provider, RM_SETTINGS, events::add);
    }

    /** Stops the ResourceManager, as its bundle stopping does, and lets everything react before the next starts. */
    void restartResourceManager() {
        ResourceManager stopping = resourceManager;
        stopping.closeEndpoints();
        stopping.mainThread().execute(stopping::stop);
        scheduler.runAll();
        resourceManager = startResourceManager();
    }

    /** A TaskExecutor with {@code slots} slots, registered with the ResourceManager. */
    TaskExecutor addWorker(String name, int slots) {
        WorkerId id = new WorkerId(name);
        TaskExecutor worker = new TaskExecutor(rpc, id, scheduler.executor(name), Collections.nCopies(slots, SLOT),
                lossy(leader), HEARTBEAT, TaskRuntime.slotsOnly());
        workers.put(id, worker);
        scheduler.executor(name).execute(worker::start);
        scheduler.runAll();
        return worker;
    }

    /**
     * A TaskExecutor that the ResourceManager reaches only through {@code wrap}, which can refuse or reorder
     * what the ResourceManager sends it.
     */
    TaskExecutor addWorker(String name, int slots, java.util.function.UnaryOperator<TaskExecutorGateway> wrap) {
        WorkerId id = new WorkerId(name);
        TaskExecutor worker = new TaskExecutor(rpc, id, scheduler.executor(name), Collections.nCopies(slots, SLOT),
                lossy(resourceManager.gateway()), HEARTBEAT, TaskRuntime.slotsOnly());
        workers.put(id, worker);
        io.sluice.rpc.RpcAddress wrapped = rpc.serve("wrapped-" + name, TaskExecutorGateway.class,
                wrap.apply(worker.gateway()), scheduler.executor(name), null).address();
        scheduler.executor(name).execute(() -> resourceManager.gateway().registerTaskExecutor(id, wrapped,
                worker.report()));
        scheduler.runAll();
        return worker;
    }

    JobMaster addJob(String name) {
        return new JobMaster(rpc, new JobId(name), scheduler.executor("jm-" + name), leader,
                new SlotPoolSettings(Duration.ofSeconds(50), HEARTBEAT), lostSlots::add);
    }

    /** Runs {@code action} on the JobMaster's main thread and everything it sets off. */
    <T> T onJobMaster(JobMaster jobMaster, java.util.function.Supplier<T> action) {
        List<T> result = new ArrayList<>(1);
        jobMaster.mainThread().execute(() -> result.add(action.get()));
        scheduler.runAll();
        return result.get(0);
    }

    /** The ResourceManager gateway a TaskExecutor uses, dropping the messages the test says are lost. */
    private ResourceManagerGateway lossy(ResourceManagerGateway target) {
        return (ResourceManagerGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResourceManagerGateway.class}, (proxy, method, args) -> {
                    if (dropToResourceManager.contains(method.getName())) {
                        return method.getReturnType() == void.class ? null : new CompletableFuture<>();
                    }
                    return method.invoke(target, args);
                });
    }

    /** An active provider that starts workers as TaskExecutors of this cluster. */
    final class TestProvider implements ResourceProvider {
        boolean active;
        /** Whether each start fails (the provider cannot start workers). */
        boolean failing;
        final AtomicInteger started = new AtomicInteger();
        final List<WorkerId> stopped = new ArrayList<>();

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public CompletableFuture<WorkerId> startWorker(WorkerSpec spec) {
            String name = "started-" + started.incrementAndGet();
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("no capacity"));
            }
            scheduler.executor("provider").execute(() -> addWorker(name, spec.slots()));
            return CompletableFuture.completedFuture(new WorkerId(name));
        }

        @Override
        public boolean hasStarted(WorkerId worker) {
            return worker.value().startsWith("started-") && !stopped.contains(worker);
        }

        @Override
        public CompletableFuture<Void> stopWorker(WorkerId worker) {
            stopped.add(worker);
            return CompletableFuture.completedFuture(null);
        }
    }
}
