package io.sluice.taskexecutor.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.HeartbeatMonitor;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ExecutionAttemptId;
import io.sluice.rpc.gateway.TaskDeploymentDescriptor;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.rpc.gateway.JobMasterGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotOffer;
import io.sluice.rpc.gateway.SlotReport;
import io.sluice.rpc.gateway.SlotStatus;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A worker offering slots: registers at the ResourceManager with a slot report, allocates a slot when the
 * ResourceManager gives it to a job and offers it to that JobMaster, frees it when the JobMaster returns it
 * (or rejects the offer, or the job ends), and answers heartbeats with its slot table so the others can
 * reconcile. It watches its peers too: a ResourceManager silent for a heartbeat timeout gets a fresh
 * registration (it may have restarted), a silent JobMaster loses its slots here. All state lives on the main
 * thread.
 *
 * <p>Each start is a new incarnation: a new endpoint fenced by a new registration id, so that messages meant
 * for an earlier TaskExecutor of the same worker id (a process that restarted) are refused.
 */
public final class TaskExecutor implements TaskExecutorGateway {
    private final WorkerId id;
    private final RpcService rpc;
    private final String registrationId = java.util.UUID.randomUUID().toString();
    private final RpcService.Registration endpoint;
    private final MainThreadExecutor mainThread;
    private final ResourceManagerGateway resourceManager;
    private final TaskExecutorGateway self;
    private final ResourceProfile[] profiles;
    private final Slot[] slots;
    private final TaskRuntime runtime;
    private final Map<ExecutionAttemptId, Task> tasks = new HashMap<>();
    /** Watches the ResourceManager (key {@link #RESOURCE_MANAGER}) and each JobMaster (key: its job) passively. */
    private final HeartbeatMonitor<Object> peers;
    private static final Object RESOURCE_MANAGER = "resource manager";
    static final Duration REGISTRATION_RETRY = Duration.ofMillis(500);
    static final Duration REGISTRATION_RETRY_MAX = Duration.ofSeconds(10);
    /** Counts start() calls: only the latest registration retries. */
    private int registrations;
    private boolean stopped;
    private RpcService.Subscription resourceManagerWatch;

    private record Slot(JobId job, AllocationId allocation, JobMaster jobMaster) {
    }

    /**
     * A JobMaster this TaskExecutor serves, as it was last addressed, and the watch on its connection while slots
     * are given to it ({@code null} for one that holds none).
     */
    private record JobMaster(RpcAddress address, JobMasterGateway gateway, RpcService.Subscription watch) {
    }

    public TaskExecutor(RpcService rpc, WorkerId id, MainThreadExecutor mainThread, List<ResourceProfile> slotProfiles,
            ResourceManagerGateway resourceManager, HeartbeatSettings heartbeat, TaskRuntime runtime) {
        if (slotProfiles.isEmpty()) {
            throw new IllegalArgumentException("TaskExecutor " + id + " needs at least one slot (taskexecutor.slots)");
        }
        this.id = id;
        this.rpc = rpc;
        this.mainThread = mainThread;
        this.resourceManager = resourceManager;
        this.profiles = slotProfiles.toArray(ResourceProfile[]::new);
        this.slots = new Slot[profiles.length];
        this.runtime = runtime;
        this.endpoint = rpc.serve("taskexecutor-" + id.value() + "-" + registrationId.substring(0, 8),
                TaskExecutorGateway.class, this, mainThread, () -> registrationId);
        this.self = rpc.connect(endpoint.address(), TaskExecutorGateway.class);
        this.peers = new HeartbeatMonitor<>(mainThread, heartbeat, peer -> { }, this::peerLost);
    }

    public WorkerId id() {
        return id;
    }

    public TaskExecutorGateway gateway() {
        return self;
    }

    /** Where this incarnation is reached, with its registration id as the fencing token. */
    public RpcAddress address() {
        return endpoint.address();
    }

    /**
     * Registers at the ResourceManager; call on the main thread. A refused or unanswered registration is tried
     * again after {@link #REGISTRATION_RETRY}, doubled up to {@link #REGISTRATION_RETRY_MAX} (a master that is
     * still starting, or restarted); the returned future is the first attempt's.
     */
    public CompletableFuture<RpcAddress> start() {
        peers.monitor(RESOURCE_MANAGER);
        return register(++registrations, REGISTRATION_RETRY);
    }

    /** Tries again while it is the latest registration (a new start() supersedes it) and the worker runs. */
    private CompletableFuture<RpcAddress> register(int registration, Duration retry) {
        CompletableFuture<RpcAddress> registered = resourceManager.registerTaskExecutor(id, endpoint.address(),
                report());
        registered.whenCompleteAsync((resourceManagerAddress, error) -> {
            if (error == null && !stopped && registration == registrations) {
                watchResourceManager(resourceManagerAddress);
            }
            if (error != null && !stopped && registration == registrations) {
                Duration next = retry.multipliedBy(2).compareTo(REGISTRATION_RETRY_MAX) > 0 ? REGISTRATION_RETRY_MAX
                        : retry.multipliedBy(2);
                mainThread.schedule(() -> {
                    if (!stopped && registration == registrations) {
                        register(registration, next);
                    }
                }, retry);
            }
        }, mainThread);
        return registered;
    }

    /**
     * A ResourceManager whose connection closes (its master died or restarted) is lost at once: the registration
     * starts again, and reaches the next ResourceManager once one answers.
     */
    private void watchResourceManager(RpcAddress address) {
        if (resourceManagerWatch != null) {
            resourceManagerWatch.close();
        }
        resourceManagerWatch = address == null ? null : rpc.watch(address, () -> mainThread.execute(() -> {
            if (!stopped) {
                start();
            }
        }));
    }

    /**
     * Leaves the cluster. The JobMasters and the ResourceManager hear it before the tasks are cancelled: each job
     * then handles the loss as one failure, and the cancelled tasks' last reports find their attempts ended.
     */
    public void stop(String cause) {
        stopped = true;
        peers.stop();
        if (resourceManagerWatch != null) {
            resourceManagerWatch.close();
        }
        Set<JobMaster> jobMasters = new java.util.LinkedHashSet<>();
        for (Slot slot : slots) {
            if (slot != null) {
                jobMasters.add(slot.jobMaster());
            }
        }
        jobMasters.forEach(jobMaster -> jobMaster.gateway().disconnectTaskExecutor(id, cause));
        resourceManager.disconnectTaskExecutor(id, cause);
        for (Task task : tasks.values()) {
            task.cancel();
        }
        warnAbout(runtime.partitions().releaseWorker(id));
        endpoint.close();
    }

    /** Partitions are released whatever fails; a spill file that stays behind is worth a warning, no more. */
    private void warnAbout(List<java.io.IOException> releaseFailures) {
        releaseFailures.forEach(failure -> runtime.warnings().accept("TaskExecutor " + id + ": " + failure.getMessage()));
    }

    private void peerLost(Object peer, String cause) {
        if (peer == RESOURCE_MANAGER) {
            runtime.warnings().accept("TaskExecutor " + id + ": " + cause + " from the ResourceManager; registering"
                    + " again");
            start(); // a new registration with the current slot report; the ResourceManager reconciles
        } else {
            runtime.warnings().accept("TaskExecutor " + id + ": " + cause + " from the JobMaster of job " + peer
                    + "; its slots here are freed and its tasks cancelled");
            freeSlotsOf((JobId) peer);
        }
    }

    /** The slot table as a report. Read on the main thread. */
    public SlotReport report() {
        List<SlotStatus> statuses = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) {
            SlotId slotId = new SlotId(id, i);
            statuses.add(slots[i] == null ? SlotStatus.free(slotId, profiles[i])
                    : new SlotStatus(slotId, profiles[i], slots[i].job(), slots[i].allocation()));
        }
        return new SlotReport(statuses);
    }

    @Override
    public CompletableFuture<Void> requestSlot(SlotId slot, JobId job, AllocationId allocation,
            RpcAddress jobMaster) {
        if (!slot.worker().equals(id) || slot.index() < 0 || slot.index() >= slots.length) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "TaskExecutor " + id + " has no slot " + slot));
        }
        Slot current = slots[slot.index()];
        if (current != null && !current.allocation().equals(allocation)) {
            return CompletableFuture.failedFuture(new IllegalStateException("slot " + slot + " already serves "
                    + current.allocation() + " of job " + current.job()));
        }
        if (current == null) {
            JobMaster serving = jobMaster(job, jobMaster);
            if (serving.watch() == null) {
                // a JobMaster whose connection closes (its master died) takes its slots and tasks here at once
                serving = new JobMaster(jobMaster, serving.gateway(), rpc.watch(jobMaster, () -> mainThread.execute(
                        () -> jobMasterLost(job, jobMaster))));
            }
            slots[slot.index()] = new Slot(job, allocation, serving);
        }
        if (!peers.isMonitored(job)) {
            peers.monitor(job);
        }
        offer(slot.index());
        return CompletableFuture.completedFuture(null);
    }

    /** The job's JobMaster at {@code address}: the gateway the job's other slots use when the address is theirs. */
    private JobMaster jobMaster(JobId job, RpcAddress address) {
        for (Slot slot : slots) {
            if (slot != null && slot.job().equals(job) && slot.jobMaster().address().equals(address)) {
                return slot.jobMaster();
            }
        }
        return new JobMaster(address, rpc.connect(address, JobMasterGateway.class), null);
    }

    private void jobMasterLost(JobId job, RpcAddress address) {
        for (Slot slot : slots) {
            if (slot != null && slot.job().equals(job) && slot.jobMaster().address().equals(address)) {
                disconnectJobMaster(job, "its JobMaster's connection closed");
                return;
            }
        }
    }

    /** Offers the slot to its JobMaster; a rejected or failed offer frees it again. */
    private void offer(int index) {
        Slot slot = slots[index];
        SlotOffer offer = new SlotOffer(slot.allocation(), new SlotId(id, index), profiles[index],
                runtime.remote() == null ? null : runtime.remote().dataAddress());
        slot.jobMaster().gateway().offerSlots(id, endpoint.address(), List.of(offer)).whenCompleteAsync(
                (accepted, error) -> {
            if (slots[index] != slot) {
                return; // freed or reused meanwhile
            }
            if (error != null || !accepted.contains(slot.allocation())) {
                free(index);
            }
        }, mainThread);
    }

    @Override
    public void freeSlot(AllocationId allocation, String cause) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slots[i].allocation().equals(allocation)) {
                free(i);
                return;
            }
        }
    }

    private void free(int index) {
        AllocationId previous = slots[index].allocation();
        for (Task task : tasks.values()) {
            if (task.descriptor().allocation().equals(previous)) {
                task.cancel(); // it reports CANCELED; the slot is free for the next job already
            }
        }
        JobMaster jobMaster = slots[index].jobMaster();
        slots[index] = null;
        if (jobMaster.watch() != null && java.util.Arrays.stream(slots).noneMatch(s -> s != null
                && s.jobMaster() == jobMaster)) {
            jobMaster.watch().close();
        }
        resourceManager.notifySlotAvailable(id, new SlotId(id, index), previous);
    }

    @Override
    public void heartbeatFromResourceManager() {
        peers.received(RESOURCE_MANAGER);
        resourceManager.heartbeatFromTaskExecutor(id, report());
    }

    @Override
    public void disconnectJobMaster(JobId job, String cause) {
        peers.unmonitor(job);
        freeSlotsOf(job);
        warnAbout(runtime.partitions().releaseJob(job));
    }

    private void freeSlotsOf(JobId job) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slots[i].job().equals(job)) {
                free(i);
            }
        }
    }

    @Override
    public void heartbeatFromJobMaster(JobId job, RpcAddress jobMaster) {
        peers.received(job);
        Set<AllocationId> held = new HashSet<>();
        for (Slot slot : slots) {
            if (slot != null && slot.job().equals(job)) {
                held.add(slot.allocation());
            }
        }
        jobMaster(job, jobMaster).gateway().heartbeatFromTaskExecutor(id, held);
    }

    @Override
    public CompletableFuture<Void> submitTask(TaskDeploymentDescriptor descriptor) {
        Slot slot = slotOf(descriptor.allocation());
        if (slot == null || !slot.job().equals(descriptor.job())) {
            return CompletableFuture.failedFuture(new IllegalStateException("TaskExecutor " + id
                    + " holds no slot for allocation " + descriptor.allocation() + " of job " + descriptor.job()
                    + "; cannot run " + descriptor.attempt()));
        }
        if (tasks.containsKey(descriptor.attempt())) {
            return CompletableFuture.failedFuture(new IllegalStateException(descriptor.attempt()
                    + " already runs on TaskExecutor " + id));
        }
        JobMasterGateway jobMaster = slot.jobMaster().gateway();
        // the final state goes through the main thread, which forgets the task and releases what it wrote; the
        // others go straight to the JobMaster, whose queue keeps them ahead of the final one
        Task task = new Task(descriptor, runtime, id, state -> {
            if (state.state().isTerminal()) {
                mainThread.execute(() -> taskStateChanged(jobMaster, state));
            } else {
                jobMaster.updateTaskExecutionState(state);
            }
        }, () -> jobMaster.confirmCommit(descriptor.attempt()));
        tasks.put(descriptor.attempt(), task);
        task.start();
        return CompletableFuture.completedFuture(null);
    }

    /** Forwards the state; then a failed or cancelled task's partitions go, so their consumers stop reading. */
    private void taskStateChanged(JobMasterGateway jobMaster, TaskExecutionState state) {
        Task ended = state.state().isTerminal() ? tasks.remove(state.attempt()) : null;
        jobMaster.updateTaskExecutionState(state);
        if (ended != null && state.state() != ExecutionState.FINISHED) {
            TaskDeploymentDescriptor descriptor = ended.descriptor();
            for (TaskDeploymentDescriptor.Output output : descriptor.outputs()) {
                warnAbout(runtime.partitions().release(Task.keyOf(descriptor, output)));
            }
        }
    }

    private Slot slotOf(AllocationId allocation) {
        for (Slot slot : slots) {
            if (slot != null && slot.allocation().equals(allocation)) {
                return slot;
            }
        }
        return null;
    }

    @Override
    public void cancelTask(ExecutionAttemptId attempt) {
        Task task = tasks.get(attempt);
        if (task != null) {
            task.cancel();
        }
    }

    @Override
    public void updatePartitionInfo(ExecutionAttemptId consumer,
            List<TaskDeploymentDescriptor.PartitionLocation> partitions) {
        Task task = tasks.get(consumer);
        if (task != null) {
            task.updatePartitionInfo(partitions);
        }
    }

    @Override
    public CompletableFuture<List<TaskExecutionState>> requestTaskMetrics(JobId job) {
        List<TaskExecutionState> states = new ArrayList<>();
        for (Task task : tasks.values()) {
            if (task.descriptor().job().equals(job)) {
                states.add(task.progress());
            }
        }
        return CompletableFuture.completedFuture(states);
    }

    /** Tasks running here. Main thread only. */
    public int runningTasks() {
        return tasks.size();
    }

    @Override
    public String toString() {
        return "TaskExecutor " + id;
    }
}
