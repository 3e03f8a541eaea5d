package io.sluice.taskexecutor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.operator.Collector;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.SinkOperator;
import io.sluice.api.operator.SourceOperator;
import io.sluice.api.slot.WorkerId;
import io.sluice.registry.OperatorCatalog;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ExecutionAttemptId;
import io.sluice.rpc.gateway.ExecutionGraphId;
import io.sluice.rpc.gateway.TaskDeploymentDescriptor;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain that ends in a sink commits only what its JobMaster confirms as the job's running attempt. */
class TaskCommitTest {
    private final List<String> sinkEvents = new CopyOnWriteArrayList<>();
    private final List<TaskExecutionState> reports = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = TaskRuntime.taskThreadPool("task-commit-test");
    @TempDir
    Path data;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aConfirmedAttemptCommits() {
        TaskExecutionState end = run(() -> CompletableFuture.completedFuture(true));

        assertThat(end.state()).isEqualTo(ExecutionState.FINISHED);
        assertThat(sinkEvents).containsExactly("write 1", "write 2", "write 3", "commit", "close");
    }

    @Test
    void anAttemptTheJobReplacedFailsWithoutCommitting() {
        TaskExecutionState end = run(() -> CompletableFuture.completedFuture(false));

        assertThat(end.state()).isEqualTo(ExecutionState.FAILED);
        assertThat(end.failure().message()).contains("no longer the job's running attempt", "not committed");
        assertThat(sinkEvents).doesNotContain("commit").endsWith("close");
    }

    @Test
    void anUnansweredConfirmationFailsWithoutCommitting() {
        TaskExecutionState end = run(() -> CompletableFuture.failedFuture(
                new java.util.concurrent.TimeoutException("no answer from the JobMaster within 10000 ms")));

        assertThat(end.state()).isEqualTo(ExecutionState.FAILED);
        assertThat(end.failure().message()).contains("could not confirm its commit", "no answer from the JobMaster");
        assertThat(sinkEvents).doesNotContain("commit");
    }

    private TaskExecutionState run(Supplier<CompletableFuture<Boolean>> confirmCommit) {
        TaskRuntime runtime = new TaskRuntime(OperatorCatalog.of(Map.of("three", new ThreeRecords(),
                "recording-sink", new RecordingSink())), new PartitionRegistry(), ShuffleSettings.defaults(data),
                threads, warning -> { });
        ExecutionAttemptId attempt = new ExecutionAttemptId(ExecutionGraphId.generate(), ExecutionVertexId.parse("t#0"), 0);
        TaskDeploymentDescriptor descriptor = new TaskDeploymentDescriptor(new JobId("j"), "j", attempt,
                AllocationId.next(), 1, List.of(new OperatorSpec("three", "three"), new OperatorSpec("sink",
                "recording-sink")), List.of(), List.of());
        new Task(descriptor, runtime, new WorkerId("w"), reports::add, confirmCommit).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !reports.isEmpty()
                && reports.get(reports.size() - 1).state().isTerminal());
        return reports.get(reports.size() - 1);
    }

    private static final class ThreeRecords implements OperatorFactory {
        @Override
        public OperatorKind kind() {
            return OperatorKind.SOURCE;
        }

        @Override
        public SourceOperator create(OperatorContext context) {
            return new SourceOperator() {
                private int next = 1;

                @Override
                public boolean emitNext(Collector out) {
                    out.collect(next++);
                    return next <= 3;
                }
            };
        }
    }

    private final class RecordingSink implements OperatorFactory {
        @Override
        public OperatorKind kind() {
            return OperatorKind.SINK;
        }

        @Override
        public SinkOperator create(OperatorContext context) {
            return new SinkOperator() {
                @Override
                public void write(Object record) {
                    sinkEvents.add("write " + record);
                }

                @Override
                public void finish() {
                    sinkEvents.add("commit");
                }

                @Override
                public void close() {
                    sinkEvents.add("close");
                }
            };
        }
    }
}
