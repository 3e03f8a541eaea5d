package io.sluice.taskexecutor.internal;

import io.sluice.registry.OperatorCatalog;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ShuffleSettings;
import java.util.Map;
import java.util.Objects;

/** What a TaskExecutor's tasks run with: the operator types, the partitions of this JVM, and data plane sizes. */
public record TaskRuntime(OperatorCatalog operators, PartitionRegistry partitions, ShuffleSettings shuffle) {
    public TaskRuntime {
        Objects.requireNonNull(operators, "operators");
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(shuffle, "shuffle");
    }

    /** No operators at all: for workers that only take part in the slot protocol (tests). */
    public static TaskRuntime slotsOnly() {
        return new TaskRuntime(OperatorCatalog.of(Map.of()), new PartitionRegistry(),
                ShuffleSettings.defaults(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "sluice-data")));
    }
}
