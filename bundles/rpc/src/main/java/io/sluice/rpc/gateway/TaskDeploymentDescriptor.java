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
 * Everything a TaskExecutor needs to run one execution attempt: the operator chain, where each input channel
 * reads from, and the partitions the task writes.
 *
 * @param inputs every channel of every input; a task with several inputs reads their union
 */
public record TaskDeploymentDescriptor(JobId job, String jobName, ExecutionAttemptId attempt, AllocationId allocation,
        int parallelism, List<OperatorSpec> operators, List<InputChannel> inputs, List<Output> outputs) {
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

    /** Reads subpartition {@code subpartition} of the partition an attempt of its producer wrote on a worker. */
    public record InputChannel(IntermediateResultPartitionId partition, int producerAttempt, WorkerId producerWorker,
            int subpartition) {
    }

    /** A partition this task writes: one subpartition per consumer channel. */
    public record Output(IntermediateResultPartitionId partition, ResultPartitionType type, PartitionerKind partitioner,
            int subpartitions) {
    }
}
