package io.sluice.api.failover;

import io.sluice.api.job.IntermediateResultPartitionId;
import org.osgi.annotation.versioning.ProviderType;

/** Tells whether a partition's data still exists (its worker may have been lost). */
@ProviderType
@FunctionalInterface
public interface ResultPartitionAvailability {

    boolean isAvailable(IntermediateResultPartitionId partition);
}
