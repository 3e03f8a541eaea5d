package io.sluice.api.scheduling;

import io.sluice.api.job.ExecutionVertexId;
import org.osgi.annotation.versioning.ProviderType;

/** Consumer tasks that read the same partitions; shared, like {@link ConsumedPartitionGroup}. */
@ProviderType
public interface ConsumerVertexGroup extends Iterable<ExecutionVertexId> {

    int size();
}
