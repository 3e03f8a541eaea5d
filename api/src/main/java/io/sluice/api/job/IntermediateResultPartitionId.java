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

    @Override
    public String toString() {
        return dataSetId + "#" + partitionIndex;
    }
}
