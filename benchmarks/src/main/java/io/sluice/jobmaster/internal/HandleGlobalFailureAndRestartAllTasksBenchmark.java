package io.sluice.jobmaster.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.benchmarks.JobConfiguration;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.failover.restartall.RestartAllFailoverStrategyFactory;
import io.sluice.restart.fixeddelay.FixedDelayRestartBackoffStrategyFactory;
import io.sluice.rpc.ManualScheduler;
import io.sluice.rpc.gateway.ExecutionAttemptId;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import io.sluice.rpc.gateway.TaskFailure;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flink's HandleGlobalFailureAndRestartAllTasksBenchmark (e2e): a job runs on 2,000 workers x 4 slots — STREAMING:
 * all 8,000 tasks RUNNING, BATCH: the 4,000 sources — with {@code restart-all} and a zero restart delay. Timed:
 * one task fails, every running task is cancelled (the TaskExecutors confirm at once), the slots go back to the
 * SlotPool, and every task is allocated and deployed again. On one manual main thread, as Flink's runs on a
 * direct executor. The {@code _EVENLY} variants of Flink's have no counterpart to differ from: a restart takes its
 * slots from the SlotPool's cache, and the ResourceManager's matcher (e.g. {@code spread}) is not consulted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
public class HandleGlobalFailureAndRestartAllTasksBenchmark {
    static final int SLOTS_PER_WORKER = 4;

    @Param({"STREAMING", "BATCH"})
    public JobConfiguration jobConfiguration;

    @Param({"4000"})
    public int parallelism;

    ManualScheduler threads;
    JobMaster jobMaster;
    final AtomicInteger deployed = new AtomicInteger();
    private ExecutionAttemptId failing;

    @Setup(Level.Invocation)
    public void setup() {
        threads = new ManualScheduler();
        jobMaster = PrefilledJobMaster.create(threads, 2 * parallelism, SLOTS_PER_WORKER, worker());
        JobRecovery restartAll = new JobRecovery(() -> new JobRecovery.Failover(new RestartAllFailoverStrategyFactory(),
                "restart-all", "bench"), new FixedDelayRestartBackoffStrategyFactory().create(new StrategyOptions(
                        "restart", Map.of("attempts", Integer.toString(Integer.MAX_VALUE), "delay", "0ms"))));
        ExecutionGraph graph = ExecutionGraph.build(jobConfiguration.jobGraph(parallelism));
        threads.executor("jobmaster").execute(() -> jobMaster.run(graph, new PipelinedRegionSchedulingStrategyFactory(),
                restartAll, () -> 0L));
        threads.runAll();
        // every deployed task reports RUNNING, as a TaskExecutor would
        threads.executor("jobmaster").execute(() -> {
            for (var entry : jobMaster.taskLocations().entrySet()) {
                ExecutionAttemptId task = jobMaster.currentAttempt(entry.getKey());
                jobMaster.gateway().updateTaskExecutionState(new TaskExecutionState(task,
                        ExecutionState.INITIALIZING, null, 0, 0));
                jobMaster.gateway().updateTaskExecutionState(new TaskExecutionState(task,
                        ExecutionState.RUNNING, null, 0, 0));
                failing = task;
            }
        });
        threads.runAll();
        int expected = jobConfiguration == JobConfiguration.STREAMING ? 2 * parallelism : parallelism;
        if (jobMaster.tasksIn(ExecutionState.RUNNING) != expected) {
            throw new IllegalStateException(jobMaster.tasksIn(ExecutionState.RUNNING) + " of " + expected + " running");
        }
        deployed.set(0);
    }

    /** Accepts every task and confirms every cancel at once, through the JobMaster's gateway. */
    private TaskExecutorGateway worker() {
        return (TaskExecutorGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TaskExecutorGateway.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "submitTask" -> deployed.incrementAndGet();
                        case "cancelTask" -> jobMaster.gateway().updateTaskExecutionState(new TaskExecutionState(
                                (ExecutionAttemptId) args[0], ExecutionState.CANCELED, null, 0, 0));
                        default -> { }
                    }
                    return method.getReturnType() == CompletableFuture.class ? CompletableFuture.completedFuture(null)
                            : null;
                });
    }

    @Benchmark
    public int handleGlobalFailureAndRestartAllTasks() {
        jobMaster.gateway().updateTaskExecutionState(new TaskExecutionState(failing,
                ExecutionState.FAILED, new TaskFailure("java.lang.RuntimeException", "global failure", ""), 0, 0));
        threads.runAll();
        return deployed.get();
    }
}
