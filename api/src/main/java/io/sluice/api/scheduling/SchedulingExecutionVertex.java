package io.sluice.api.scheduling;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** One task (subtask of a job vertex) as schedulers and failover strategies see it. */
@ProviderType
public interface SchedulingExecutionVertex {

    ExecutionVertexId getId();

    /** The state of the task's current execution attempt. */
    ExecutionState getState();

    /** The groups of partitions this task reads, one group per input of its job vertex it is connected to. */
    List<? extends ConsumedPartitionGroup> getConsumedPartitionGroups();

    /** The partitions this task writes, one per output of its job vertex. */
    List<? extends SchedulingResultPartition> getProducedResults();
}
