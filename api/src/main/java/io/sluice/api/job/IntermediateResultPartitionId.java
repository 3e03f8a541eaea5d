package io.sluice.api.job;

import java.util.Objects;

/** Identifies the partition of a data set that producer subtask {@code partitionIndex} writes. */
public record IntermediateResultPartitionId(IntermediateDataSetId dataSetId, int partitionIndex) {
    public IntermediateResultPartitionId {
        Objects.requireNonNull(dataSetId, "dataSetId");
        if (partitionIndex < 0) {
            throw new IllegalArgumentException("partition index must be >= 0, got " + partitionIndex);
        }
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof IntermediateResultPartitionId other && partitionIndex == other.partitionIndex
                && dataSetId.equals(other.dataSetId);
    }

    @Override
    public int hashCode() {
        return 31 * dataSetId.hashCode() + partitionIndex;
    }

    @Override
    public String toString() {
        return dataSetId + "#" + partitionIndex;
    }
}
