package io.sluice.executiongraph;

import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import java.util.Iterator;

/**
 * Partitions {@code [start, end)} of one result, read together by one {@link VertexGroup}. Stored as a range,
 * so an all-to-all group of any size is one small object shared by every consumer.
 */
public final class PartitionGroup implements ConsumedPartitionGroup {
    private final IntermediateResult result;
    private final int start;
    private final int end;
    private final VertexGroup consumers;
    private int unfinished;
    /** Number of the last region that listed this group as a blocking input; dedupes while regions are built. */
    private int listedByRegion = -1;

    PartitionGroup(IntermediateResult result, int start, int end, VertexGroup consumers) {
        this.result = result;
        this.start = start;
        this.end = end;
        this.consumers = consumers;
        this.unfinished = end - start;
    }

    @Override
    public int size() {
        return end - start;
    }

    @Override
    public IntermediateDataSetId getIntermediateDataSetId() {
        return result.id();
    }

    @Override
    public ResultPartitionType getResultPartitionType() {
        return result.resultType();
    }

    @Override
    public int getNumberOfUnfinishedPartitions() {
        return unfinished;
    }

    @Override
    public VertexGroup getConsumerVertexGroup() {
        return consumers;
    }

    public IntermediateResult result() {
        return result;
    }

    /** The partition at {@code offset} within the group. */
    public IntermediateResultPartition partition(int offset) {
        return result.partition(start + offset);
    }

    @Override
    public Iterator<IntermediateResultPartitionId> iterator() {
        return new RangeIterator<>(start, end, index -> result.partition(index).getId());
    }

    /** Marks the group as listed by {@code region}; false if it already was. */
    boolean listBy(int region) {
        if (listedByRegion == region) {
            return false;
        }
        listedByRegion = region;
        return true;
    }

    void partitionFinished() {
        unfinished--;
    }

    void partitionReset() {
        unfinished++;
    }

    @Override
    public String toString() {
        return result.id() + "[" + start + ".." + end + ")";
    }
}
