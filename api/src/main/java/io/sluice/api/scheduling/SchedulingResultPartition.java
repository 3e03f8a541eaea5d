package io.sluice.api.scheduling;

import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The partition of a data set that one producer task writes. */
@ProviderType
public interface SchedulingResultPartition {

    IntermediateResultPartitionId getId();

    IntermediateDataSetId getResultId();

    ResultPartitionType getResultType();

    /** How the producer distributes records over the consumers; failover asks whether it is deterministic. */
    PartitionerKind getPartitioner();

    ResultPartitionState getState();

    SchedulingExecutionVertex getProducer();

    /** The consumer tasks that read this partition (one group per consumer edge). */
    List<? extends ConsumerVertexGroup> getConsumerVertexGroups();

    /** The consumed groups this partition belongs to. */
    List<? extends ConsumedPartitionGroup> getConsumedPartitionGroups();
}
