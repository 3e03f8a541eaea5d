package io.sluice.rpc.gateway;

import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.slot.WorkerId;
import java.util.List;
import java.util.Objects;

/**
 * Everything a TaskExecutor needs to run one execution attempt: the operator chain, the partitions each input
 * reads, and the partitions the task writes.
 *
 * @param inputs one per consumed partition group; a task with several inputs reads their union
 */
public record TaskDeploymentDescriptor(JobId job, String jobName, ExecutionAttemptId attempt, AllocationId allocation,
        int parallelism, List<OperatorSpec> operators, List<InputGate> inputs, List<Output> outputs) {
    public TaskDeploymentDescriptor {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(allocation, "allocation");
        operators = List.copyOf(operators);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("task " + attempt + " has no operators");
        }
    }

    /**
     * Reads subpartition {@code subpartition} of every partition in {@code partitions}. All consumers of a
     * partition group get the same list object, so deploying an all-to-all edge costs one list per group, not one
     * channel per producer and consumer.
     */
    public record InputGate(List<PartitionLocation> partitions, int subpartition) {
    }

    /**
     * A partition as written by one attempt of its producer, on the worker that holds it ({@code null}: not placed
     * yet; the consumer hears where by {@link TaskExecutorGateway#updatePartitionInfo}).
     *
     * @param dataAddress {@code host:port} of that worker's data port; {@code null} when it has none (in-process)
     */
    public record PartitionLocation(IntermediateResultPartitionId partition, ExecutionAttemptId producer, WorkerId worker,
            String dataAddress) {
        /** A partition of an in-process worker, or of a producer not placed yet. */
        public PartitionLocation(IntermediateResultPartitionId partition, ExecutionAttemptId producer, WorkerId worker) {
            this(partition, producer, worker, null);
        }

        public boolean isPlaced() {
            return worker != null;
        }
    }

    /** A partition this task writes: one subpartition per consumer channel. */
    public record Output(IntermediateResultPartitionId partition, ResultPartitionType type, PartitionerKind partitioner,
            int subpartitions) {
    }
}
