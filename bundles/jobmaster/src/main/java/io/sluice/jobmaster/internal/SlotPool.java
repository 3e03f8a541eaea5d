package io.sluice.jobmaster.internal;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.HeartbeatMonitor;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotOffer;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The slots of one job. A request is served, in this order, by the slot the task had before (fast failover),
 * by a cached free slot that fits, or by a new request to the ResourceManager, fulfilled when a TaskExecutor
 * offers the slot. A slot given back serves the oldest pending request it fits; if there is none it stays cached
 * for {@code slot.idle-timeout} and is then returned (JobMaster -> TaskExecutor -> ResourceManager). TaskExecutors
 * holding the job's slots are watched with heartbeats and by their connection; a lost one takes its slots with
 * it. All state lives on the JobMaster's main thread.
 *
 * <p>The pool registers at the ResourceManager before its first request and watches it: when that ResourceManager
 * is gone (its bundle restarted, its master process died), the pool registers at the next one and sends every
 * request still pending again, under the same allocation ids, so a slot the old one had already assigned is not
 * assigned a second time for the same request. Until a ResourceManager answers, requests wait.
 */
public final class SlotPool {
    private final RpcService rpc;
    private final JobId job;
    private final MainThreadExecutor mainThread;
    private final ResourceManagerGateway resourceManager;
    private final Consumer<PhysicalSlot> onSlotLost;
    private final LinkedHashMap<AllocationId, Pending> pending = new LinkedHashMap<>();
    private final Map<AllocationId, PhysicalSlot> inUse = new HashMap<>();
    private final LinkedHashMap<AllocationId, Cached> free = new LinkedHashMap<>();
    private final Map<WorkerId, Connected> taskExecutors = new HashMap<>();
    private final HeartbeatMonitor<WorkerId> heartbeats;
    private RpcAddress jobMaster;
    /** The ResourceManager the pool is registered at; {@code null} until it is, and while it is being replaced. */
    private RpcAddress registeredAt;
    private RpcService.Subscription resourceManagerWatch;
    private boolean registering;
    private boolean stopped;
    private SlotPoolSettings settings;
    private java.util.function.BiConsumer<WorkerId, String> onTaskExecutorLost = (worker, cause) -> { };

    private record Pending(ResourceProfile profile, CompletableFuture<PhysicalSlot> future) {
    }

    private record Cached(PhysicalSlot slot, MainThreadExecutor.ScheduledTask idleTimer) {
    }

    /** A TaskExecutor holding slots of the job: its address, the gateway to it, the watch on its connection. */
    private record Connected(RpcAddress address, TaskExecutorGateway gateway, RpcService.Subscription watch) {
    }

    /** @param onSlotLost told about every slot in use that is lost with its TaskExecutor */
    public SlotPool(RpcService rpc, JobId job, MainThreadExecutor mainThread, ResourceManagerGateway resourceManager,
            SlotPoolSettings settings, Consumer<PhysicalSlot> onSlotLost) {
        this.rpc = rpc;
        this.job = job;
        this.mainThread = mainThread;
        this.resourceManager = resourceManager;
        this.settings = settings;
        this.onSlotLost = onSlotLost;
        this.heartbeats = new HeartbeatMonitor<>(mainThread, settings.heartbeat(),
                worker -> taskExecutors.get(worker).gateway().heartbeatFromJobMaster(job, jobMaster),
                (worker, cause) -> taskExecutorLost(worker, "TaskExecutor " + worker + " lost: " + cause));
    }

    /** The JobMaster's address, which TaskExecutors offer slots to. Set once before requesting slots. */
    void connect(RpcAddress address) {
        this.jobMaster = address;
    }

    public void reconfigure(SlotPoolSettings newSettings) {
        settings = newSettings;
        heartbeats.reconfigure(newSettings.heartbeat());
    }

    /**
     * A slot for a task. {@code previous} is the allocation the task ran in before, or {@code null}.
     * Fails with {@link NoSlotAvailableException} when the ResourceManager cannot serve the request.
     */
    public CompletableFuture<PhysicalSlot> allocateSlot(ResourceProfile profile, AllocationId previous) {
        mainThread.assertMainThread();
        Cached cached = previous == null ? null : free.get(previous);
        if (cached == null) {
            cached = free.values().stream().filter(c -> c.slot().profile().covers(profile)).findFirst().orElse(null);
        }
        if (cached != null) {
            return CompletableFuture.completedFuture(take(cached));
        }
        AllocationId allocation = AllocationId.next();
        CompletableFuture<PhysicalSlot> future = new CompletableFuture<>();
        pending.put(allocation, new Pending(profile, future));
        if (registeredAt != null) {
            request(allocation, profile, registeredAt);
        } else {
            register(REGISTRATION_RETRY); // sends it once registered
        }
        return future;
    }

    /** First wait before registering again at a ResourceManager that did not answer; doubled up to the max. */
    static final java.time.Duration REGISTRATION_RETRY = java.time.Duration.ofMillis(100);
    static final java.time.Duration REGISTRATION_RETRY_MAX = java.time.Duration.ofSeconds(5);

    /**
     * Registers at the current ResourceManager and then sends every pending request; tried again with backoff
     * while no ResourceManager answers.
     */
    private void register(java.time.Duration retry) {
        if (registering || stopped) {
            return;
        }
        registering = true;
        resourceManager.registerJobMaster(job, jobMaster).whenCompleteAsync((address, error) -> {
            registering = false;
            if (stopped) {
                return;
            }
            if (error != null) {
                java.time.Duration next = retry.multipliedBy(2).compareTo(REGISTRATION_RETRY_MAX) > 0
                        ? REGISTRATION_RETRY_MAX : retry.multipliedBy(2);
                mainThread.schedule(() -> {
                    if (registeredAt == null) {
                        register(next);
                    }
                }, retry);
                return;
            }
            registeredAt = address;
            if (resourceManagerWatch != null) {
                resourceManagerWatch.close();
            }
            resourceManagerWatch = rpc.watch(address, () -> mainThread.execute(() -> resourceManagerLost(address)));
            pending.forEach((allocation, request) -> request(allocation, request.profile(), address));
        }, mainThread);
    }

    /**
     * The ResourceManager at {@code address} is gone: its successor gets the pending requests. The first try waits
     * {@link #REGISTRATION_RETRY} too, so a ResourceManager that is gone as soon as it answers is not asked in a
     * busy loop.
     */
    private void resourceManagerLost(RpcAddress address) {
        if (stopped || !address.equals(registeredAt)) {
            return;
        }
        registeredAt = null;
        resourceManagerWatch.close();
        resourceManagerWatch = null;
        mainThread.schedule(() -> {
            if (registeredAt == null) {
                register(REGISTRATION_RETRY);
            }
        }, REGISTRATION_RETRY);
    }

    /**
     * Asks the ResourceManager for the slot. A ResourceManager that is gone ({@link io.sluice.rpc.RpcException})
     * loses nothing: the request is sent again to the next one; any other refusal fails the request.
     */
    private void request(AllocationId allocation, ResourceProfile profile, RpcAddress to) {
        resourceManager.requestSlot(job, jobMaster, allocation, profile).whenCompleteAsync((ack, error) -> {
            if (error == null || !pending.containsKey(allocation)) {
                return;
            }
            if (io.sluice.rpc.Gateways.cause(error) instanceof io.sluice.rpc.RpcException) {
                resourceManagerLost(to);
            } else {
                allocationFailed(allocation, "the ResourceManager refused the request: " + error.getMessage());
            }
        }, mainThread);
    }

    /**
     * The task is done with the slot. A pending request of this job that the slot fits gets it at once (its
     * request to the ResourceManager is withdrawn): a job with more tasks than slots moves on without waiting.
     * Otherwise the slot stays cached for reuse until the idle timeout returns it.
     */
    public void releaseSlot(AllocationId allocation) {
        mainThread.assertMainThread();
        PhysicalSlot slot = inUse.remove(allocation);
        if (slot == null) {
            return;
        }
        Pending waiting = takeOldestFitting(slot.profile());
        if (waiting != null) {
            inUse.put(allocation, slot);
            // completed on a later turn: the caller is in the middle of ending a task and must not see another start
            mainThread.execute(() -> waiting.future().complete(slot));
            return;
        }
        free.put(allocation, new Cached(slot, mainThread.schedule(() -> returnIdle(allocation), settings.idleTimeout())));
    }

    private PhysicalSlot take(Cached cached) {
        cached.idleTimer().cancel();
        free.remove(cached.slot().allocation());
        inUse.put(cached.slot().allocation(), cached.slot());
        return cached.slot();
    }

    private void returnIdle(AllocationId allocation) {
        Cached cached = free.remove(allocation);
        if (cached != null) {
            cached.slot().taskExecutor().freeSlot(allocation,
                    "idle in the slot pool of job " + job + " for " + settings.idleTimeout().toSeconds() + " s");
        }
    }

    /** Accepts offers that serve a pending request: its own, or else the oldest one the slot fits. */
    Collection<AllocationId> offerSlots(WorkerId worker, RpcAddress address, Collection<SlotOffer> offers) {
        TaskExecutorGateway taskExecutor = null;
        List<AllocationId> accepted = new ArrayList<>();
        for (SlotOffer offer : offers) {
            if (inUse.containsKey(offer.allocation()) || free.containsKey(offer.allocation())) {
                accepted.add(offer.allocation()); // a repeated offer
                continue;
            }
            Pending request = pending.remove(offer.allocation());
            if (request == null) {
                request = takeOldestFitting(offer.profile());
            }
            if (request == null) {
                continue; // nobody needs it: the TaskExecutor frees it
            }
            if (taskExecutor == null) {
                taskExecutor = connect(worker, address);
            }
            if (!heartbeats.isMonitored(worker)) {
                heartbeats.monitor(worker);
            }
            PhysicalSlot slot = new PhysicalSlot(offer.allocation(), offer.slot(), offer.profile(), taskExecutor,
                    offer.dataAddress());
            inUse.put(offer.allocation(), slot);
            accepted.add(offer.allocation());
            request.future().complete(slot);
        }
        return accepted;
    }

    /**
     * The gateway to the TaskExecutor at {@code address}. A known worker at a new address is a new incarnation
     * (its process restarted): the slots of the old one are lost first.
     */
    private TaskExecutorGateway connect(WorkerId worker, RpcAddress address) {
        Connected known = taskExecutors.get(worker);
        if (known != null && known.address().equals(address)) {
            return known.gateway();
        }
        if (known != null) {
            taskExecutorLost(worker, "TaskExecutor " + worker + " came back as a new process (" + address + ")");
        }
        RpcService.Subscription watch = rpc.watch(address, () -> mainThread.execute(() -> {
            Connected current = taskExecutors.get(worker);
            if (current != null && current.address().equals(address)) {
                taskExecutorLost(worker, "TaskExecutor " + worker + " lost: its connection closed");
            }
        }));
        Connected connected = new Connected(address, rpc.connect(address, TaskExecutorGateway.class), watch);
        taskExecutors.put(worker, connected);
        return connected.gateway();
    }

    private Pending takeOldestFitting(ResourceProfile profile) {
        for (Iterator<Map.Entry<AllocationId, Pending>> entries = pending.entrySet().iterator(); entries.hasNext();) {
            Map.Entry<AllocationId, Pending> entry = entries.next();
            if (profile.covers(entry.getValue().profile())) {
                entries.remove();
                resourceManager.cancelSlotRequest(entry.getKey());
                return entry.getValue();
            }
        }
        return null;
    }

    void allocationFailed(AllocationId allocation, String cause) {
        Pending request = pending.remove(allocation);
        if (request != null) {
            request.future().completeExceptionally(new NoSlotAvailableException("job " + job + ": " + cause));
        }
    }

    /** The TaskExecutor's answer lists what it still holds for this job; anything else it had is gone. */
    void heartbeatFromTaskExecutor(WorkerId worker, Set<AllocationId> held) {
        if (!taskExecutors.containsKey(worker)) {
            return;
        }
        heartbeats.received(worker);
        for (PhysicalSlot slot : slotsOn(worker)) {
            if (!held.contains(slot.allocation())) {
                lose(slot);
            }
        }
    }

    void taskExecutorLost(WorkerId worker, String cause) {
        Connected lost = taskExecutors.remove(worker);
        if (lost == null) {
            return;
        }
        lost.watch().close();
        heartbeats.unmonitor(worker);
        // the slots leave the pool before the job hears of the loss: a restart it starts at once (no backoff left)
        // must not be given a slot on the lost worker
        List<PhysicalSlot> wereInUse = new ArrayList<>();
        for (PhysicalSlot slot : slotsOn(worker)) {
            Cached cached = free.remove(slot.allocation());
            if (cached != null) {
                cached.idleTimer().cancel();
            } else if (inUse.remove(slot.allocation()) != null) {
                wereInUse.add(slot);
            }
        }
        onTaskExecutorLost.accept(worker, cause); // the job handles the loss as one failure; releases find nothing
        wereInUse.forEach(onSlotLost); // then each slot, whose tasks have ended by now but for stragglers
    }

    /** A slot the TaskExecutor no longer holds: out of the pool, and its tasks told if it was in use. */
    private void lose(PhysicalSlot slot) {
        Cached cached = free.remove(slot.allocation());
        if (cached != null) {
            cached.idleTimer().cancel();
            return;
        }
        if (inUse.remove(slot.allocation()) != null) {
            onSlotLost.accept(slot);
        }
    }

    /** Told about every TaskExecutor the job loses, before the slots on it are reported lost one by one. */
    void onTaskExecutorLost(java.util.function.BiConsumer<WorkerId, String> listener) {
        this.onTaskExecutorLost = listener;
    }

    private List<PhysicalSlot> slotsOn(WorkerId worker) {
        List<PhysicalSlot> slots = new ArrayList<>();
        for (PhysicalSlot slot : inUse.values()) {
            if (slot.slot().worker().equals(worker)) {
                slots.add(slot);
            }
        }
        for (Cached cached : free.values()) {
            if (cached.slot().slot().worker().equals(worker)) {
                slots.add(cached.slot());
            }
        }
        return slots;
    }

    // ---- views (main thread) -------------------------------------------------------------------------

    public int pendingRequests() {
        return pending.size();
    }

    public int slotsInUse() {
        return inUse.size();
    }

    public int freeSlots() {
        return free.size();
    }

    /** The job ended: pending requests are withdrawn and every TaskExecutor frees the job's slots. */
    public void stop(String cause) {
        stopped = true;
        if (resourceManagerWatch != null) {
            resourceManagerWatch.close();
        }
        heartbeats.stop();
        free.values().forEach(cached -> cached.idleTimer().cancel());
        free.clear();
        inUse.clear();
        for (AllocationId allocation : List.copyOf(pending.keySet())) {
            allocationFailed(allocation, cause);
        }
        taskExecutors.values().forEach(taskExecutor -> {
            taskExecutor.watch().close();
            taskExecutor.gateway().disconnectJobMaster(job, cause);
        });
        taskExecutors.clear();
        resourceManager.disconnectJobMaster(job, cause); // withdraws every request of the job still pending there
    }
}
