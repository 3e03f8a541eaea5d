package io.sluice.resourcemanager.internal;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.HeartbeatMonitor;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobMasterGateway;
import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotReport;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cluster's ResourceManager: registers TaskExecutors, matches slot requests through the
 * {@link SlotManager}, hands each match to the TaskExecutor (which offers the slot to the JobMaster), fails
 * requests nothing can serve after {@code slot.request-timeout}, watches TaskExecutors with heartbeats, and,
 * with an active {@link ResourceProvider}, starts workers when nothing fits and stops them when idle.
 *
 * <p>Request-based protocol, as in the seed articles (not Flink's declarative one): one request per slot,
 * identified by its {@link AllocationId}. All state lives on the main thread.
 *
 * <p>It is endpoint {@value #ENDPOINT} of its process, fenced by an id drawn at each start: a TaskExecutor or
 * JobMaster still talking to an earlier ResourceManager is refused. TaskExecutors and JobMasters are known by
 * their addresses; a TaskExecutor whose connection closes is lost at once.
 */
public final class ResourceManager implements ResourceManagerGateway {
    private final MainThreadExecutor mainThread;
    private final SlotManager slotManager;
    private final Supplier<ResourceProvider> provider;
    private final Consumer<String> events;
    private final RpcService rpc;
    private final String resourceManagerId = java.util.UUID.randomUUID().toString();
    private final RpcService.Registration endpoint;
    private final RpcService.Registration leaderEndpoint;
    private final ResourceManagerGateway self;
    private final HeartbeatMonitor<WorkerId> heartbeats;
    private final Map<WorkerId, Registered> taskExecutors = new HashMap<>();
    private final Map<JobId, Connected> jobMasters = new HashMap<>();
    private final Map<AllocationId, MainThreadExecutor.ScheduledTask> requestTimeouts = new HashMap<>();
    /** Workers the provider started (and so may stop); standalone workers are never in here. */
    private final Set<WorkerId> startedWorkers = new HashSet<>();
    /** Started workers that have not registered yet: their slots are on the way. */
    private final Set<WorkerId> awaitingRegistration = new HashSet<>();
    private final Map<WorkerId, MainThreadExecutor.ScheduledTask> idleTimers = new HashMap<>();
    private int workersStarting;
    /** When worker starts failed in the last minute, oldest first. */
    private final java.util.ArrayDeque<java.time.Instant> startFailures = new java.util.ArrayDeque<>();
    private boolean startRetryScheduled;
    private ResourceManagerSettings settings;

    /** The endpoint id of the ResourceManager in its process. */
    public static final String ENDPOINT = "resourcemanager";
    /** The unfenced endpoint that tells workers where the ResourceManager is now (its address and fencing token). */
    public static final String LEADER_ENDPOINT = LeaderRetrievalGateway.RESOURCE_MANAGER;

    /** A registered TaskExecutor: where it is, the gateway to it, and the watch on its connection. */
    private record Registered(RpcAddress address, TaskExecutorGateway gateway, RpcService.Subscription watch) {
    }

    private record Connected(RpcAddress address, JobMasterGateway gateway) {
    }

    /**
     * @param provider the resource provider to use at each decision (it may be swapped); {@code null} result
     *        or a passive provider means workers are never started
     * @param events receives one line per decision worth logging
     */
    public ResourceManager(RpcService rpc, MainThreadExecutor mainThread, FreeSlotIndex index,
            Supplier<ResourceProvider> provider, ResourceManagerSettings settings, Consumer<String> events) {
        this.rpc = rpc;
        this.mainThread = mainThread;
        this.slotManager = new SlotManager(index);
        this.provider = provider;
        this.settings = settings;
        this.events = events;
        this.endpoint = rpc.serve(ENDPOINT, ResourceManagerGateway.class, this, mainThread, () -> resourceManagerId);
        this.leaderEndpoint = rpc.serve(LEADER_ENDPOINT, LeaderRetrievalGateway.class,
                () -> CompletableFuture.completedFuture(endpoint.address()), mainThread, null);
        this.self = rpc.connect(endpoint.address(), ResourceManagerGateway.class);
        this.heartbeats = new HeartbeatMonitor<>(mainThread, settings.heartbeat(),
                worker -> taskExecutors.get(worker).gateway().heartbeatFromResourceManager(),
                (worker, cause) -> workerLost(worker, "TaskExecutor " + worker + " lost: " + cause));
    }

    /** The gateway others use to reach this ResourceManager. */
    public ResourceManagerGateway gateway() {
        return self;
    }

    /** Where this ResourceManager is reached, with its fencing token. */
    public RpcAddress address() {
        return endpoint.address();
    }

    public MainThreadExecutor mainThread() {
        return mainThread;
    }

    /** Read on the main thread only. */
    public SlotManager slotManager() {
        return slotManager;
    }

    /** New timeouts and heartbeat settings take effect at once (ConfigAdmin changes). */
    public void reconfigure(ResourceManagerSettings newSettings) {
        mainThread.assertMainThread();
        settings = newSettings;
        heartbeats.reconfigure(newSettings.heartbeat());
    }

    /** A different matching strategy for the next requests; existing allocations stay where they are. */
    public void replaceSlotIndex(FreeSlotIndex index) {
        mainThread.assertMainThread();
        slotManager.replaceIndex(index);
    }

    /**
     * Stops serving calls, from any thread: a successor can serve the same endpoint ids at once, while this one's
     * queued work still drains on its main thread.
     */
    public void closeEndpoints() {
        leaderEndpoint.close();
        endpoint.close();
    }

    public void stop() {
        closeEndpoints();
        taskExecutors.values().forEach(registered -> registered.watch().close());
        heartbeats.stop();
        requestTimeouts.values().forEach(MainThreadExecutor.ScheduledTask::cancel);
        idleTimers.values().forEach(MainThreadExecutor.ScheduledTask::cancel);
    }

    @Override
    public CompletableFuture<ClusterStatus> requestClusterStatus() {
        List<ClusterStatus.Worker> workers = new java.util.ArrayList<>();
        slotManager.slots().forEach((worker, slots) -> workers.add(new ClusterStatus.Worker(worker, slots)));
        List<ClusterStatus.PendingRequest> waiting = new java.util.ArrayList<>();
        for (SlotManager.PendingRequest request : slotManager.pendingRequests()) {
            waiting.add(new ClusterStatus.PendingRequest(request.job(), request.allocation(), request.profile(),
                    java.time.Duration.between(request.since(), mainThread.now())));
        }
        ResourceProvider current = provider.get();
        boolean starts = current != null && current.isActive();
        return CompletableFuture.completedFuture(new ClusterStatus(workers, waiting,
                starts ? settings.workerSpec().slotProfile() : null));
    }

    // ---- TaskExecutors -------------------------------------------------------------------------------

    @Override
    public CompletableFuture<RpcAddress> registerTaskExecutor(WorkerId worker, RpcAddress taskExecutor,
            SlotReport slots) {
        Registered known = taskExecutors.get(worker);
        if (known != null && !known.address().equals(taskExecutor)) {
            workerLost(worker, "TaskExecutor " + worker + " registered again as a new process (" + taskExecutor
                    + ", was " + known.address() + ")");
        }
        if (known == null || !known.address().equals(taskExecutor)) {
            RpcService.Subscription watch = rpc.watch(taskExecutor, () -> mainThread.execute(() ->
                    connectionClosed(worker, taskExecutor)));
            taskExecutors.put(worker, new Registered(taskExecutor, rpc.connect(taskExecutor, TaskExecutorGateway.class),
                    watch));
        }
        awaitingRegistration.remove(worker);
        ResourceProvider current = provider.get();
        if (current != null && current.isActive() && current.hasStarted(worker)) {
            startedWorkers.add(worker); // started for an earlier ResourceManager: released by this one when idle
        }
        heartbeats.monitor(worker);
        events.accept("registered TaskExecutor " + worker + " with " + slots.slots().size() + " slots");
        assign(slotManager.registerWorker(worker, slots));
        scheduleIdleCheck(worker);
        return CompletableFuture.completedFuture(endpoint.address());
    }

    /** A closed connection loses the worker at once, unless it registered again meanwhile from elsewhere. */
    private void connectionClosed(WorkerId worker, RpcAddress address) {
        Registered registered = taskExecutors.get(worker);
        if (registered != null && registered.address().equals(address)) {
            workerLost(worker, "TaskExecutor " + worker + " lost: its connection closed");
        }
    }

    @Override
    public void heartbeatFromTaskExecutor(WorkerId worker, SlotReport slots) {
        if (!taskExecutors.containsKey(worker)) {
            return;
        }
        heartbeats.received(worker);
        assign(slotManager.reconcile(worker, slots));
        scheduleIdleCheck(worker);
    }

    @Override
    public void disconnectTaskExecutor(WorkerId worker, String cause) {
        workerLost(worker, "TaskExecutor " + worker + " disconnected: " + cause);
    }

    @Override
    public void notifySlotAvailable(WorkerId worker, SlotId slot, AllocationId previous) {
        if (!taskExecutors.containsKey(worker)) {
            return;
        }
        assign(slotManager.freeSlot(slot));
        scheduleIdleCheck(worker);
    }

    private void workerLost(WorkerId worker, String cause) {
        Registered removed = taskExecutors.remove(worker);
        if (removed == null) {
            return;
        }
        removed.watch().close();
        heartbeats.unmonitor(worker);
        cancelIdleCheck(worker);
        startedWorkers.remove(worker);
        awaitingRegistration.remove(worker);
        events.accept(cause);
        Set<JobId> affected = new HashSet<>();
        for (SlotManager.Allocation allocation : slotManager.unregisterWorker(worker)) {
            affected.add(allocation.job());
        }
        for (JobId job : affected) {
            Connected jobMaster = jobMasters.get(job);
            if (jobMaster != null) {
                jobMaster.gateway().disconnectTaskExecutor(worker, cause);
            }
        }
        startWorkersForPendingRequests();
    }

    // ---- slot requests -------------------------------------------------------------------------------

    @Override
    public CompletableFuture<RpcAddress> registerJobMaster(JobId job, RpcAddress jobMaster) {
        connectJobMaster(job, jobMaster);
        return CompletableFuture.completedFuture(endpoint.address());
    }

    private void connectJobMaster(JobId job, RpcAddress jobMaster) {
        Connected known = jobMasters.get(job);
        if (known == null || !known.address().equals(jobMaster)) {
            jobMasters.put(job, new Connected(jobMaster, rpc.connect(jobMaster, JobMasterGateway.class)));
        }
    }

    @Override
    public CompletableFuture<Void> requestSlot(JobId job, RpcAddress jobMaster, AllocationId allocation,
            ResourceProfile profile) {
        connectJobMaster(job, jobMaster);
        slotManager.requestSlot(job, allocation, profile, mainThread.now()).ifPresentOrElse(
                slot -> assign(List.of(new SlotManager.Allocation(job, allocation, slot))),
                () -> {
                    if (!requestTimeouts.containsKey(allocation)) { // a repeated request keeps its deadline
                        requestTimeouts.put(allocation, mainThread.schedule(() -> timeOut(allocation),
                                settings.slotRequestTimeout()));
                        startWorkersForPendingRequests();
                    }
                });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void cancelSlotRequest(AllocationId allocation) {
        slotManager.cancelRequest(allocation);
        cancelTimeout(allocation);
    }

    @Override
    public void disconnectJobMaster(JobId job, String cause) {
        if (jobMasters.remove(job) == null) {
            return;
        }
        for (SlotManager.PendingRequest request : slotManager.pendingRequests()) {
            if (request.job().equals(job)) {
                cancelSlotRequest(request.allocation());
            }
        }
    }

    /** Jobs whose JobMaster the ResourceManager knows: those that asked for slots and have not ended. */
    public int connectedJobMasters() {
        return jobMasters.size();
    }

    private void timeOut(AllocationId allocation) {
        requestTimeouts.remove(allocation);
        slotManager.cancelRequest(allocation).ifPresent(request -> {
            String cause = "no slot for " + request.profile() + " within " + settings.slotRequestTimeout().toSeconds()
                    + " s (slot.request-timeout); the cluster has " + slotManager.describeCapacity();
            events.accept("slot request " + allocation + " of job " + request.job() + " failed: " + cause);
            Connected jobMaster = jobMasters.get(request.job());
            if (jobMaster != null) {
                jobMaster.gateway().notifyAllocationFailure(allocation, cause);
            }
        });
    }

    /**
     * Tells each chosen TaskExecutor to give its slot to the job; it then offers the slot to the JobMaster. A
     * refusal (the TaskExecutor's slot state drifted from ours) or a failed call puts the request back in line, so
     * it is served elsewhere or times out to its JobMaster; it is never dropped.
     */
    private void assign(List<SlotManager.Allocation> allocations) {
        for (SlotManager.Allocation allocation : allocations) {
            cancelTimeout(allocation.allocation());
            cancelIdleCheck(allocation.slot().worker());
            Registered taskExecutor = taskExecutors.get(allocation.slot().worker());
            Connected jobMaster = jobMasters.get(allocation.job());
            if (taskExecutor == null || jobMaster == null) {
                mainThread.execute(() -> refused(allocation, "its TaskExecutor or JobMaster is gone"));
                continue;
            }
            taskExecutor.gateway().requestSlot(allocation.slot(), allocation.job(), allocation.allocation(),
                    jobMaster.address())
                    .whenCompleteAsync((ack, error) -> {
                        if (error == null) {
                            slotManager.confirm(allocation.allocation());
                        } else {
                            refused(allocation, String.valueOf(error.getMessage()));
                        }
                    }, mainThread);
        }
    }

    private void refused(SlotManager.Allocation allocation, String cause) {
        SlotManager.Refusal refusal = slotManager.refuse(allocation.allocation());
        refusal.requeued().ifPresent(request -> {
            events.accept("slot " + allocation.slot() + " for request " + allocation.allocation() + " of job "
                    + allocation.job() + " was refused (" + cause + "); the request waits for another slot");
            if (refusal.fulfilled().stream().noneMatch(a -> a.allocation().equals(request.allocation()))) {
                // the request keeps its deadline: refusals never extend how long a JobMaster waits
                java.time.Duration left = java.time.Duration.between(mainThread.now(),
                        request.since().plus(settings.slotRequestTimeout()));
                requestTimeouts.put(request.allocation(), mainThread.schedule(() -> timeOut(request.allocation()),
                        left.isNegative() ? java.time.Duration.ZERO : left));
            }
        });
        assign(refusal.fulfilled());
    }

    private void cancelTimeout(AllocationId allocation) {
        MainThreadExecutor.ScheduledTask timeout = requestTimeouts.remove(allocation);
        if (timeout != null) {
            timeout.cancel();
        }
    }

    // ---- active resource provider --------------------------------------------------------------------

    /** Starts one worker per pending request beyond what workers already starting will bring. */
    private void startWorkersForPendingRequests() {
        ResourceProvider current = provider.get();
        if (current == null || !current.isActive()) {
            return;
        }
        int slotsComing = (workersStarting + awaitingRegistration.size()) * settings.workerSpec().slots();
        int needed = slotManager.pendingRequests().size() - slotsComing;
        while (needed > 0) {
            workersStarting++;
            needed -= settings.workerSpec().slots();
            RpcAddress self = endpoint.address();
            WorkerSpec spec = self.host().equals(RpcAddress.IN_PROCESS) ? settings.workerSpec()
                    : settings.workerSpec().withMasterAddress(self.process());
            current.startWorker(spec).whenCompleteAsync((worker, error) -> {
                workersStarting--;
                if (error != null) {
                    startFailed(error);
                    return;
                }
                startedWorkers.add(worker);
                events.accept("started worker " + worker + " for pending slot requests");
                if (taskExecutors.containsKey(worker)) {
                    scheduleIdleCheck(worker); // it registered before the provider reported back
                } else {
                    awaitingRegistration.add(worker);
                }
            }, mainThread);
        }
    }

    /**
     * A failed start is tried again at once while fewer than the max failure rate failed in the last minute, else
     * once after the retry interval: a provider that cannot start workers is not hammered, and one that recovers
     * is used again.
     */
    private void startFailed(Throwable error) {
        java.time.Instant now = mainThread.now();
        startFailures.addLast(now);
        while (!startFailures.isEmpty() && startFailures.peekFirst().isBefore(now.minus(java.time.Duration.ofMinutes(1)))) {
            startFailures.removeFirst();
        }
        if (startFailures.size() < settings.startWorkerMaxFailureRate()) {
            events.accept("could not start a worker: " + error + "; trying again");
            startWorkersForPendingRequests();
        } else if (!startRetryScheduled) {
            startRetryScheduled = true;
            events.accept("could not start a worker: " + error + "; " + startFailures.size()
                    + " failures in the last minute (resourcemanager.start-worker.max-failure-rate "
                    + settings.startWorkerMaxFailureRate() + "), next try in "
                    + settings.startWorkerRetryInterval().toMillis() + " ms");
            mainThread.schedule(() -> {
                startRetryScheduled = false;
                startWorkersForPendingRequests();
            }, settings.startWorkerRetryInterval());
        }
    }

    /** Workers an active provider started are stopped after being idle for the whole idle timeout. */
    private void scheduleIdleCheck(WorkerId worker) {
        if (!startedWorkers.contains(worker) || !slotManager.isIdle(worker) || idleTimers.containsKey(worker)) {
            return;
        }
        idleTimers.put(worker, mainThread.schedule(() -> {
            idleTimers.remove(worker);
            if (slotManager.isIdle(worker) && startedWorkers.contains(worker)) {
                releaseWorker(worker);
            }
        }, settings.workerIdleTimeout()));
    }

    private void cancelIdleCheck(WorkerId worker) {
        MainThreadExecutor.ScheduledTask timer = idleTimers.remove(worker);
        if (timer != null) {
            timer.cancel();
        }
    }

    private void releaseWorker(WorkerId worker) {
        events.accept("stopping worker " + worker + ": idle for " + settings.workerIdleTimeout().toSeconds() + " s");
        Registered removed = taskExecutors.remove(worker);
        if (removed != null) {
            removed.watch().close();
        }
        heartbeats.unmonitor(worker);
        startedWorkers.remove(worker);
        slotManager.unregisterWorker(worker);
        ResourceProvider current = provider.get();
        if (current != null) {
            current.stopWorker(worker);
        }
    }
}
