package io.sluice.api.scheduling;

import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.ResultPartitionType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Partitions of one data set read together by the same consumers. For an all-to-all edge a single group
 * holds every partition and is shared by every consumer task, which keeps dense jobs linear in size.
 */
@ProviderType
public interface ConsumedPartitionGroup extends Iterable<IntermediateResultPartitionId> {

    int size();

    IntermediateDataSetId getIntermediateDataSetId();

    ResultPartitionType getResultPartitionType();

    /** How many partitions of the group are not yet {@link ResultPartitionState#ALL_DATA_PRODUCED}. */
    int getNumberOfUnfinishedPartitions();

    default boolean areAllPartitionsFinished() {
        return getNumberOfUnfinishedPartitions() == 0;
    }

    /** The tasks that read this group. */
    ConsumerVertexGroup getConsumerVertexGroup();
}
