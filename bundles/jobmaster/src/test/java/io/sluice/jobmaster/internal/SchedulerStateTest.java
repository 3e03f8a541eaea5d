package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.rpc.RpcTimeouts;
import io.sluice.rpc.ManualScheduler;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobMasterGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotOffer;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import io.sluice.scheduler.eager.EagerSchedulingStrategyFactory;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The execution state machine as the JobMaster keeps it, driven message by message on a manual main thread. */
class SchedulerStateTest {
    private final ManualScheduler threads = new ManualScheduler();
    private final List<String> toWorker = new ArrayList<>();
    private JobMaster jobMaster;

    /** A job of one task on a cluster whose ResourceManager offers a slot at once. */
    private CompletableFuture<JobDetails> runOneTask() {
        TaskExecutorGateway silent = (TaskExecutorGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TaskExecutorGateway.class}, (proxy, method, args) -> {
                    toWorker.add(method.getName());
                    if (method.getName().equals("requestTaskMetrics")) {
                        return new CompletableFuture<>(); // a frozen worker: it never answers
                    }
                    return method.getReturnType() == CompletableFuture.class ? CompletableFuture.completedFuture(null)
                            : null;
                });
        // reached through the in-process transport, as a TaskExecutor is: its calls are bounded by rpc.ask-timeout
        io.sluice.rpc.LocalRpcService rpc = new io.sluice.rpc.LocalRpcService(warning -> { });
        io.sluice.rpc.RpcAddress worker = rpc.serve("worker", TaskExecutorGateway.class, silent,
                threads.executor("worker"), null).address();
        ResourceManagerGateway resourceManager = (ResourceManagerGateway) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ResourceManagerGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerJobMaster")) {
                        return CompletableFuture.completedFuture(rpc.serve("resourcemanager",
                                ResourceManagerGateway.class, (ResourceManagerGateway) proxy, threads.executor("rm"),
                                null).address());
                    }
                    if (method.getName().equals("requestSlot")) {
                        SlotOffer offer = new SlotOffer((AllocationId) args[2], new SlotId(new WorkerId("w"), 0),
                                ResourceProfile.UNKNOWN);
                        rpc.connect((io.sluice.rpc.RpcAddress) args[1], JobMasterGateway.class)
                                .offerSlots(new WorkerId("w"), worker, List.of(offer));
                        return CompletableFuture.completedFuture(null);
                    }
                    return method.getReturnType() == CompletableFuture.class ? new CompletableFuture<>() : null;
                });
        jobMaster = new JobMaster(rpc, new JobId("j"), threads.executor("jobmaster"), resourceManager,
                SlotPoolSettings.DEFAULT, slot -> { });
        List<CompletableFuture<JobDetails>> result = new ArrayList<>();
        threads.executor("jobmaster").execute(() -> result.add(jobMaster.run(
                ExecutionGraph.build(JobGraph.builder("j").vertex("x", "identity", 1).build()),
                new EagerSchedulingStrategyFactory(), JobRecovery.none(), () -> threads.now().toEpochMilli())));
        threads.runAll();
        return result.get(0);
    }

    private void report(ExecutionState state) {
        jobMaster.gateway().updateTaskExecutionState(new TaskExecutionState(
                jobMaster.currentAttempt(ExecutionVertexId.parse("x#0")), state, null, 0, 0));
        threads.runAll();
    }

    @Test
    void aTaskCancelledWhileDeployingStaysCancelingThroughLateReportsAndEndsCanceled() {
        CompletableFuture<JobDetails> result = runOneTask();
        assertThat(jobMaster.tasksIn(ExecutionState.DEPLOYING)).isEqualTo(1);
        assertThat(toWorker).contains("submitTask");

        threads.executor("jobmaster").execute(jobMaster::cancel);
        threads.runAll();
        assertThat(toWorker).contains("cancelTask");
        report(ExecutionState.INITIALIZING); // sent before the cancel arrived
        report(ExecutionState.RUNNING);
        assertThat(jobMaster.tasksIn(ExecutionState.CANCELING)).isEqualTo(1);

        report(ExecutionState.CANCELED);
        assertThat(result).isCompleted();
        JobDetails details = result.join();
        assertThat(details.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(details.failures()).isEmpty();
    }

    @Test
    void onlyTheRunningCurrentAttemptMayCommit() {
        runOneTask();
        io.sluice.rpc.gateway.ExecutionAttemptId first = jobMaster.currentAttempt(ExecutionVertexId.parse("x#0"));
        assertThat(confirmCommit(first)).as("DEPLOYING").isFalse();
        report(ExecutionState.INITIALIZING);
        report(ExecutionState.RUNNING);
        assertThat(confirmCommit(first)).isTrue();

        threads.executor("jobmaster").execute(jobMaster::cancel);
        threads.runAll();
        assertThat(confirmCommit(first)).as("CANCELING").isFalse();
        io.sluice.rpc.gateway.ExecutionAttemptId replaced = new io.sluice.rpc.gateway.ExecutionAttemptId(
                first.graph(), first.vertex(), first.attemptNumber() + 1);
        assertThat(confirmCommit(replaced)).as("an attempt the job does not know").isFalse();
    }

    private boolean confirmCommit(io.sluice.rpc.gateway.ExecutionAttemptId attempt) {
        CompletableFuture<Boolean> confirmed = jobMaster.gateway().confirmCommit(attempt);
        threads.runAll();
        return confirmed.join();
    }

    @Test
    void aTaskCancelledWithoutBeingAskedIsAFailure() {
        CompletableFuture<JobDetails> result = runOneTask();
        report(ExecutionState.INITIALIZING);
        report(ExecutionState.RUNNING);

        report(ExecutionState.CANCELED);

        JobDetails details = result.join();
        assertThat(details.status()).isEqualTo(JobStatus.FAILED);
        assertThat(details.failure().message()).contains("x#0", "cancelled on its TaskExecutor");
    }

    @Test
    void jobDetailsAreAnsweredWithinTheAskTimeoutWhenAWorkerNeverAnswers() {
        runOneTask();
        report(ExecutionState.INITIALIZING);
        report(ExecutionState.RUNNING);

        CompletableFuture<JobDetails> details = jobMaster.gateway().requestJobDetails();
        threads.runAll();
        assertThat(toWorker).contains("requestTaskMetrics");
        assertThat(details).isNotDone();
        threads.advance(RpcTimeouts.askTimeout().dividedBy(2)); // well before the caller's own ask times out
        assertThat(details).isCompleted();
        assertThat(details.join().tasksPerState()).containsEntry(ExecutionState.RUNNING, 1); // the last counters
    }
}
