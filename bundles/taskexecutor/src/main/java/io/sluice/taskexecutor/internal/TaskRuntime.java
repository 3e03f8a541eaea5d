package io.sluice.taskexecutor.internal;

import io.sluice.registry.OperatorCatalog;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.RemotePartitions;
import io.sluice.shuffle.ShuffleSettings;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What a TaskExecutor's tasks run with: the operator types, the partitions of this JVM, data plane sizes, the
 * threads tasks run on (one per running task; idle ones are kept for the next tasks), where warnings go that
 * fail nothing (a spill file that could not be deleted), and the network data plane of a worker process
 * ({@code null} in the embedded platform, where every partition is in this JVM).
 */
public record TaskRuntime(OperatorCatalog operators, PartitionRegistry partitions, ShuffleSettings shuffle,
        Executor taskThreads, Consumer<String> warnings, RemotePartitions remote) {
    public TaskRuntime {
        Objects.requireNonNull(operators, "operators");
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(shuffle, "shuffle");
        Objects.requireNonNull(taskThreads, "taskThreads");
        Objects.requireNonNull(warnings, "warnings");
    }

    /** Every partition in this JVM. */
    public TaskRuntime(OperatorCatalog operators, PartitionRegistry partitions, ShuffleSettings shuffle,
            Executor taskThreads, Consumer<String> warnings) {
        this(operators, partitions, shuffle, taskThreads, warnings, null);
    }

    /** Warnings go to standard error. */
    public TaskRuntime(OperatorCatalog operators, PartitionRegistry partitions, ShuffleSettings shuffle,
            Executor taskThreads) {
        this(operators, partitions, shuffle, taskThreads, System.err::println);
    }

    /** A thread per running task, kept a minute after its task ended for the next one. */
    public static ExecutorService taskThreadPool(String name) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** No operators at all: for workers that only take part in the slot protocol (tests). */
    public static TaskRuntime slotsOnly() {
        return new TaskRuntime(OperatorCatalog.of(Map.of()), new PartitionRegistry(),
                ShuffleSettings.defaults(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "sluice-data")),
                taskThreadPool("sluice-task"));
    }
}
