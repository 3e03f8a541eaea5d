package io.sluice.jobmaster.internal;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobStatus;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.slot.WorkerId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.IntermediateResultPartition;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.gateway.ExecutionAttemptId;
import io.sluice.rpc.gateway.ExecutionGraphId;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobFailure;
import io.sluice.rpc.gateway.TaskDeploymentDescriptor;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.rpc.gateway.TaskFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Runs one job's ExecutionGraph on the JobMaster's main thread: the scheduling strategy decides when a task is
 * due, this class gets its slot (through {@link SharedSlots} and the SlotPool), deploys it, follows the
 * states its TaskExecutor reports, marks partitions consumable and finished, and ends the job. A failed task
 * goes to the job's {@link JobRecovery}: while the restart backoff allows, the failover strategy picks the tasks
 * to restart, they are cancelled, and after the backoff they start over as new attempts; otherwise the job fails
 * and its other tasks are cancelled.
 */
final class Scheduler implements SchedulerOperations {
    private final JobId job;
    private final ExecutionGraph graph;
    /** This run of the job: attempt ids carry it, so reports of an earlier run's attempts are never taken for ours. */
    private final ExecutionGraphId graphId = ExecutionGraphId.generate();
    private final MainThreadExecutor mainThread;
    private final LongSupplier clock;
    private final SharedSlots sharedSlots;
    private final Execution[] executions;
    private final TaskDeployments descriptors;
    private final JobProgress progress;
    private SchedulingStrategy strategy;
    private final CompletableFuture<JobDetails> result = new CompletableFuture<>();
    private final long startMillis;
    private long endMillis;
    private JobStatus status = JobStatus.CREATED;
    /**
     * When the job last entered each status: RESTARTING when a restart was last decided, RUNNING again when its
     * tasks were redeployed.
     */
    private final Map<JobStatus, Long> timestamps = new EnumMap<>(JobStatus.class);
    /** Per failover strategy and version: how many restart sets it chose, and the nanoseconds it took. */
    private final Map<List<String>, long[]> decisions = new java.util.LinkedHashMap<>();
    private TaskFailure failure;
    private int finished;
    private final JobRecovery recovery;
    /** Tasks a failover chose, waiting until every one of them has stopped, then for the backoff. */
    private final Set<ExecutionVertexId> pendingRestart = new LinkedHashSet<>();
    /** Tasks of the pending restart that were asked to cancel and have not ended yet. */
    private int stillStopping;
    private long restartNotBefore;
    private boolean restartScheduled;
    private int restarts;
    private final List<JobFailure> failures = new ArrayList<>();
    /** Finished partitions whose worker was lost; their producers must run again before anyone reads them. */
    private final Set<IntermediateResultPartitionId> lostPartitions = new HashSet<>();

    Scheduler(JobId job, ExecutionGraph graph, SchedulingStrategyFactory strategyFactory, JobRecovery recovery,
            SlotPool slotPool, MainThreadExecutor mainThread, LongSupplier clock) {
        this.recovery = recovery;
        this.job = job;
        this.graph = graph;
        this.mainThread = mainThread;
        this.clock = clock;
        this.startMillis = clock.getAsLong();
        timestamps.put(JobStatus.CREATED, startMillis);
        this.sharedSlots = new SharedSlots(graph, slotPool);
        this.executions = new Execution[graph.taskCount()];
        for (ExecutionVertex vertex : graph.getVertices()) {
            Execution execution = new Execution(graphId, vertex);
            execution.reset(startMillis);
            executions[vertex.index()] = execution;
        }
        this.descriptors = new TaskDeployments(job, graph, executions);
        this.progress = new JobProgress(job, graph, executions, mainThread);
        this.strategy = strategyFactory.create(this, graph);
    }

    void start() {
        mainThread.assertMainThread();
        transition(JobStatus.RUNNING);
        strategy.startScheduling();
    }

    /**
     * The scheduling plugin was replaced while the job runs: a fresh strategy from the replacement picks up from
     * the current execution states (the SPI's hot-swap contract), and the job carries on.
     */
    void replaceStrategy(SchedulingStrategyFactory factory) {
        mainThread.assertMainThread();
        strategy = factory.create(this, graph);
        if (status == JobStatus.RUNNING) {
            strategy.startScheduling();
        }
    }

    CompletableFuture<JobDetails> result() {
        return result;
    }

    // ---- SchedulerOperations --------------------------------------------------------------------------

    @Override
    public void allocateSlotsAndDeploy(List<ExecutionVertexId> vertices) {
        mainThread.assertMainThread();
        if (status != JobStatus.RUNNING) {
            return;
        }
        List<Execution> due = new ArrayList<>(vertices.size());
        long now = clock.getAsLong();
        for (ExecutionVertexId id : vertices) {
            Execution execution = executions[graph.getVertex(id).index()];
            if (execution.state() == ExecutionState.CREATED && !pendingRestart.contains(id)) {
                execution.transition(ExecutionState.SCHEDULED, now);
                due.add(execution); // every attempt is known before any is deployed: consumers name their producers
            }
        }
        for (Execution execution : due) {
            int attempt = execution.attemptNumber;
            sharedSlots.acquire(execution.vertex).whenComplete((slot, error) -> {
                if (execution.attemptNumber != attempt || execution.state() != ExecutionState.SCHEDULED) {
                    return; // cancelled meanwhile; the shared slot goes back when its last member ends
                }
                if (error != null) {
                    taskEnded(execution, ExecutionState.FAILED, TaskFailure.of(error));
                } else {
                    deploy(execution, slot);
                }
            });
        }
    }

    /** Deploys a SCHEDULED task into its slot. Package-private for the deployment benchmarks. */
    void deploy(Execution execution, PhysicalSlot slot) {
        execution.slot = slot;
        execution.transition(ExecutionState.DEPLOYING, clock.getAsLong());
        TaskDeploymentDescriptor descriptor;
        try {
            descriptor = descriptors.of(execution);
        } catch (RuntimeException e) {
            taskEnded(execution, ExecutionState.FAILED, TaskFailure.of(e));
            return;
        }
        int attempt = execution.attemptNumber;
        slot.taskExecutor().submitTask(descriptor).whenCompleteAsync((ack, error) -> {
            if (error != null && execution.attemptNumber == attempt && !execution.state().isTerminal()) {
                taskEnded(execution, ExecutionState.FAILED, TaskFailure.of(error));
            }
        }, mainThread);
        List<TaskDeployments.LocationUpdate> updates = descriptors.placed(execution);
        if (slot.dataAddress() != null) { // in-process consumers find partitions in their JVM without being told
            for (TaskDeployments.LocationUpdate update : updates) {
                update.consumer().slot.taskExecutor().updatePartitionInfo(update.consumer().attemptId(),
                        update.partitions());
            }
        }
    }

    // ---- task state ------------------------------------------------------------------------------------

    /** Whether {@code attempt} is its task's current attempt and RUNNING: the one that may commit output. */
    boolean isRunningAttempt(ExecutionAttemptId attempt) {
        mainThread.assertMainThread();
        ExecutionVertex vertex;
        try {
            vertex = graph.getVertex(attempt.vertex());
        } catch (IllegalArgumentException unknown) {
            return false;
        }
        Execution execution = executions[vertex.index()];
        return execution.isCurrent(attempt) && execution.state() == ExecutionState.RUNNING;
    }

    /** A TaskExecutor reports a state; reports of older attempts are ignored. */
    void updateTaskExecutionState(TaskExecutionState update) {
        mainThread.assertMainThread();
        ExecutionVertex vertex;
        try {
            vertex = graph.getVertex(update.attempt().vertex());
        } catch (IllegalArgumentException unknown) {
            return;
        }
        Execution execution = executions[vertex.index()];
        if (!execution.isCurrent(update.attempt()) || execution.state().isTerminal()) {
            return;
        }
        execution.recordsIn = update.recordsIn();
        execution.recordsOut = update.recordsOut();
        if (execution.state() == ExecutionState.CANCELING && !update.state().isTerminal()) {
            return; // it started before our cancel reached it: it stays CANCELING until it ends
        }
        switch (update.state()) {
            case INITIALIZING -> execution.transition(ExecutionState.INITIALIZING, clock.getAsLong());
            case RUNNING -> {
                execution.transition(ExecutionState.RUNNING, clock.getAsLong());
                for (IntermediateResultPartition partition : vertex.getProducedResults()) {
                    if (!partition.getResultType().isBlocking()) {
                        partition.markConsumable();
                        strategy.onPartitionConsumable(partition.getId());
                    }
                }
                strategy.onExecutionStateChange(vertex.getId(), ExecutionState.RUNNING);
            }
            case FINISHED -> taskEnded(execution, ExecutionState.FINISHED, null);
            // cancelled without being asked (its TaskExecutor is shutting down): a failure like any other
            case CANCELED -> taskEnded(execution, execution.state() == ExecutionState.CANCELING
                    ? ExecutionState.CANCELED : ExecutionState.FAILED, execution.state() == ExecutionState.CANCELING
                    ? null : new TaskFailure("io.sluice.TaskCanceledException", "cancelled on its TaskExecutor", ""));
            // a task being cancelled may fail first, e.g. on its producer's released partition: that is no failure
            case FAILED -> taskEnded(execution, execution.state() == ExecutionState.CANCELING ? ExecutionState.CANCELED
                    : ExecutionState.FAILED, update.failure());
            default -> { }
        }
    }

    private void taskEnded(Execution execution, ExecutionState state, TaskFailure cause) {
        String worker = execution.slot == null ? null : execution.slot.slot().worker().toString();
        endTask(execution, state);
        if (state == ExecutionState.FAILED) {
            handleFailure(execution, worker, cause);
        }
        restartWhenStopped();
        checkJobEnd();
    }

    /** The bookkeeping of a task that reached a terminal state; failure handling is the caller's. */
    private void endTask(Execution execution, ExecutionState state) {
        ExecutionVertex vertex = execution.vertex;
        execution.transition(state, clock.getAsLong());
        sharedSlots.release(vertex);
        if (stillStopping > 0 && pendingRestart.contains(vertex.getId())) {
            stillStopping--; // pending tasks never start, so one that ends was one being cancelled
        }
        if (state == ExecutionState.FINISHED) {
            finished++;
            for (IntermediateResultPartition partition : vertex.getProducedResults()) {
                partition.markFinished();
            }
            if (status == JobStatus.RUNNING) {
                strategy.onExecutionStateChange(vertex.getId(), ExecutionState.FINISHED);
            }
        }
    }

    /**
     * A task failed: restart what the failover strategy says, if the backoff still allows a restart. A task that
     * could not read a finished producer's partition has found it lost: the strategy then restarts that producer
     * too, and the worker's loss, when it is noticed later, is no second failure.
     */
    private void handleFailure(Execution failed, String worker, TaskFailure cause) {
        if (status != JobStatus.RUNNING) {
            return;
        }
        if (cause != null && cause.unavailable() != null) {
            markLost(cause.unavailable());
        }
        recover(List.of(failed), worker, cause);
    }

    private void markLost(TaskFailure.UnavailablePartition unavailable) {
        IntermediateResultPartition partition;
        try {
            partition = graph.getResultPartition(unavailable.partition());
        } catch (IllegalArgumentException unknown) {
            return;
        }
        Execution producer = executions[partition.getProducer().index()];
        if (producer.attemptNumber == unavailable.producerAttempt() && producer.state() == ExecutionState.FINISHED) {
            lostPartitions.add(partition.getId());
            partition.reset();
            descriptors.forgetLocationsOf(partition);
        }
    }

    /**
     * One failure of the given tasks: counted by the backoff, then either the job fails (no restart left) or the
     * failover strategy's restart sets for them are cancelled and restarted after the backoff. Tasks already in the
     * restart being processed are no new failure: if that leaves none, nothing is counted.
     */
    private void recover(List<Execution> failed, String worker, TaskFailure cause) {
        failed = failed.stream().filter(execution -> !pendingRestart.contains(execution.vertex.getId())).toList();
        if (failed.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        Throwable error = new TaskFailedException(cause);
        recovery.backoff().notifyFailure(error, java.time.Instant.ofEpochMilli(now));
        Execution culprit = failed.get(0);
        String task = culprit.vertex.getId().toString();
        if (!recovery.backoff().canRestart()) {
            remember(new JobFailure(now, task, worker, cause, null, null, List.of()));
            failJob(culprit, cause, " (no restart left: " + recovery.backoff() + ")");
            return;
        }
        JobRecovery.Failover failover;
        Set<ExecutionVertexId> toRestart = new LinkedHashSet<>();
        try {
            failover = recovery.failover().get();
            long started = System.nanoTime();
            FailoverStrategy strategy = failover.factory().create(graph, id -> !lostPartitions.contains(id));
            for (Execution execution : failed) {
                toRestart.addAll(strategy.getTasksNeedingRestart(execution.vertex.getId(), error));
            }
            long[] taken = decisions.computeIfAbsent(List.of(failover.name(), failover.version()), k -> new long[2]);
            taken[0]++;
            taken[1] += System.nanoTime() - started;
        } catch (RuntimeException e) {
            remember(new JobFailure(now, task, worker, cause, null, null, List.of()));
            failJob(culprit, cause, " (the failover strategy failed: " + e + ")");
            return;
        }
        remember(new JobFailure(now, task, worker, cause, failover.name(), failover.version(),
                toRestart.stream().map(ExecutionVertexId::toString).sorted().toList()));
        restarts++;
        timestamps.put(JobStatus.RESTARTING, now);
        restartNotBefore = Math.max(restartNotBefore, now + recovery.backoff().getBackoffTime().toMillis());
        for (ExecutionVertexId id : toRestart) {
            if (pendingRestart.add(id)) {
                Execution execution = executions[graph.getVertex(id).index()];
                cancel(execution, now);
                if (!execution.state().isTerminal() && execution.state() != ExecutionState.CREATED) {
                    stillStopping++;
                }
            }
        }
    }

    /** Keeps the newest failures only: a job failing for days must not fill the heap with stack traces. */
    private void remember(JobFailure failure) {
        failures.add(failure);
        if (failures.size() > recovery.exceptionHistorySize()) {
            failures.remove(0);
        }
    }

    /** Once every task of the pending restart has stopped, restarts them after the backoff. */
    private void restartWhenStopped() {
        if (pendingRestart.isEmpty() || stillStopping > 0 || restartScheduled || status != JobStatus.RUNNING) {
            return;
        }
        restartScheduled = true;
        long delay = Math.max(0, restartNotBefore - clock.getAsLong());
        if (delay == 0) {
            restart();
        } else {
            mainThread.schedule(this::restart, java.time.Duration.ofMillis(delay));
        }
    }

    private void restart() {
        restartScheduled = false;
        if (status != JobStatus.RUNNING) {
            return;
        }
        Set<ExecutionVertexId> restarting = new LinkedHashSet<>(pendingRestart);
        pendingRestart.clear();
        long now = clock.getAsLong();
        timestamps.put(JobStatus.RUNNING, now); // back from RESTARTING
        for (ExecutionVertexId id : restarting) {
            Execution execution = executions[graph.getVertex(id).index()];
            if (execution.state() == ExecutionState.CREATED) {
                continue; // never started: nothing to reset
            }
            if (execution.state() == ExecutionState.FINISHED) {
                finished--;
            }
            execution.reset(now);
            for (IntermediateResultPartition partition : execution.vertex.getProducedResults()) {
                lostPartitions.remove(partition.getId());
                partition.reset(); // a new attempt writes a new partition: its consumers must look again
                descriptors.forgetLocationsOf(partition);
            }
        }
        strategy.restartTasks(restarting);
    }

    /** The slot a task ran in was lost with its TaskExecutor: a failure, unless the task was being cancelled. */
    void slotLost(PhysicalSlot slot, String cause) {
        for (Execution execution : executions) {
            if (execution.slot != null && execution.slot.allocation().equals(slot.allocation())
                    && !execution.state().isTerminal()) {
                if (execution.state() == ExecutionState.CANCELING) {
                    taskEnded(execution, ExecutionState.CANCELED, null);
                } else {
                    taskEnded(execution, ExecutionState.FAILED, new TaskFailure("io.sluice.SlotLostException",
                            "slot " + slot.slot() + " of task " + execution.attemptId() + " was lost: " + cause, ""));
                }
            }
        }
    }

    /**
     * A TaskExecutor was lost: one failure, however many tasks it takes along. Its finished tasks' partitions are
     * gone first, so that the failover strategy sees them unavailable; then the tasks running there fail, and the
     * finished ones whose partitions a consumer still needs restart with them (called before the slots on it are
     * reported lost, which then finds those tasks ended).
     */
    void workerLost(WorkerId worker, String cause) {
        List<Execution> culprits = new ArrayList<>();
        int running = 0;
        for (Execution execution : executions) {
            if (execution.slot == null || !execution.slot.slot().worker().equals(worker)) {
                continue;
            }
            if (execution.state() == ExecutionState.FINISHED && partitionsLost(execution)) {
                culprits.add(execution);
            }
        }
        for (Execution execution : executions) {
            if (execution.slot == null || !execution.slot.slot().worker().equals(worker)
                    || execution.state().isTerminal()) {
                continue;
            }
            if (execution.state() == ExecutionState.CANCELING) {
                endTask(execution, ExecutionState.CANCELED);
            } else {
                endTask(execution, ExecutionState.FAILED);
                culprits.add(running++, execution); // a running task is the failure's culprit, before lost partitions
            }
        }
        if (!culprits.isEmpty() && status == JobStatus.RUNNING) {
            int partitions = culprits.size() - running;
            recover(culprits, worker.toString(), running > 0
                    ? new TaskFailure("io.sluice.TaskExecutorLostException", "TaskExecutor " + worker + " was lost with "
                            + running + " running tasks" + (partitions > 0 ? " and the partitions of " + partitions
                                    + " finished tasks" : "") + ": " + cause, "")
                    : new TaskFailure("io.sluice.PartitionLostException", "TaskExecutor " + worker + " was lost with "
                            + "the partitions of " + partitions + " finished tasks: " + cause, ""));
        }
        restartWhenStopped();
        checkJobEnd();
    }

    /** Marks the finished task's partitions lost; whether a consumer still needs one, so it must run again. */
    private boolean partitionsLost(Execution execution) {
        boolean needed = false;
        for (IntermediateResultPartition partition : execution.vertex.getProducedResults()) {
            lostPartitions.add(partition.getId());
            partition.reset();
            descriptors.forgetLocationsOf(partition);
            for (ExecutionVertexId consumer : partition.getConsumerVertexGroups().get(0)) {
                needed |= graph.getVertex(consumer).getState() != ExecutionState.FINISHED;
            }
        }
        return needed;
    }

    private void failJob(Execution culprit, TaskFailure cause, String why) {
        if (status != JobStatus.RUNNING) {
            return;
        }
        transition(JobStatus.FAILING);
        failure = new TaskFailure(cause.exceptionClass(), "task " + culprit.vertex.getId() + " (attempt "
                + culprit.attemptNumber + ") failed: " + cause.message() + why, cause.stackTrace());
        pendingRestart.clear();
        stillStopping = 0;
        cancelAll();
        checkJobEnd();
    }

    /** Cancels the job: every task that has not ended is cancelled, and the job ends CANCELED. */
    void cancel() {
        if (status == JobStatus.RUNNING || status == JobStatus.CREATED) {
            transition(JobStatus.CANCELLING);
            cancelAll();
            checkJobEnd();
        }
    }

    private void cancelAll() {
        long now = clock.getAsLong();
        for (Execution execution : executions) {
            cancel(execution, now);
        }
    }

    /** Stops one task: one not deployed yet ends CANCELED at once, a deployed one is asked to cancel. */
    private void cancel(Execution execution, long now) {
        ExecutionState state = execution.state();
        if (state == ExecutionState.SCHEDULED) {
            execution.transition(ExecutionState.CANCELED, now);
            sharedSlots.release(execution.vertex);
        } else if (state == ExecutionState.CREATED && status != JobStatus.RUNNING) {
            execution.transition(ExecutionState.CANCELED, now); // the job ends: it never will start
        } else if (execution.isDeployed() && state != ExecutionState.CANCELING) {
            execution.transition(ExecutionState.CANCELING, now);
            execution.slot.taskExecutor().cancelTask(execution.attemptId());
        }
    }

    private void checkJobEnd() {
        if (status == JobStatus.RUNNING && finished == executions.length) {
            endJob(JobStatus.FINISHED);
            return;
        }
        if (status == JobStatus.FAILING || status == JobStatus.CANCELLING) {
            for (Execution execution : executions) {
                if (!execution.state().isTerminal()) {
                    return;
                }
            }
            endJob(status == JobStatus.FAILING ? JobStatus.FAILED : JobStatus.CANCELED);
        }
    }

    private void transition(JobStatus next) {
        status = next;
        timestamps.put(next, clock.getAsLong());
    }

    private void endJob(JobStatus finalStatus) {
        transition(finalStatus);
        endMillis = timestamps.get(finalStatus);
        result.complete(details());
    }

    // ---- progress --------------------------------------------------------------------------------------

    /** The tasks' states, places and counters as they are now. */
    JobProgress progress() {
        return progress;
    }

    /** The job's details with fresh counters from its TaskExecutors (see {@link JobProgress#refreshCounters}). */
    CompletableFuture<JobDetails> requestDetails() {
        return progress.refreshCounters().thenApply(refreshed -> details());
    }

    JobDetails details() {
        JobProgress.Snapshot snapshot = progress.snapshot();
        JobStatus shown = status == JobStatus.RUNNING && !pendingRestart.isEmpty() ? JobStatus.RESTARTING : status;
        return new JobDetails(job, graph.jobGraph().name(), shown, snapshot.tasksPerState(), snapshot.vertices(),
                startMillis, endMillis, restarts, failure, failures, timestamps, decisions.entrySet().stream()
                        .map(d -> new JobDetails.StrategyDecisions(d.getKey().get(0), d.getKey().get(1),
                                (int) d.getValue()[0], d.getValue()[1])).toList());
    }

    /** The current execution of a task. */
    Execution execution(ExecutionVertexId vertex) {
        return executions[graph.getVertex(vertex).index()];
    }
}
