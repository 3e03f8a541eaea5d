package io.sluice.executiongraph;

import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.scheduling.ResultPartitionState;
import io.sluice.api.scheduling.SchedulingResultPartition;
import java.util.List;

/** The partition of a data set that one producer subtask writes. Each belongs to exactly one consumed group. */
public final class IntermediateResultPartition implements SchedulingResultPartition {
    private final IntermediateResult result;
    private final ExecutionVertex producer;
    private final IntermediateResultPartitionId id;
    private PartitionGroup group;
    private VertexGroup consumers;
    private ResultPartitionState state = ResultPartitionState.CREATED;

    IntermediateResultPartition(IntermediateResult result, ExecutionVertex producer, int index) {
        this.result = result;
        this.producer = producer;
        this.id = new IntermediateResultPartitionId(result.id(), index);
    }

    @Override
    public IntermediateResultPartitionId getId() {
        return id;
    }

    @Override
    public IntermediateDataSetId getResultId() {
        return result.id();
    }

    @Override
    public ResultPartitionType getResultType() {
        return result.resultType();
    }

    @Override
    public PartitionerKind getPartitioner() {
        return result.partitioner();
    }

    @Override
    public ResultPartitionState getState() {
        return state;
    }

    @Override
    public ExecutionVertex getProducer() {
        return producer;
    }

    @Override
    public List<VertexGroup> getConsumerVertexGroups() {
        return List.of(consumers);
    }

    @Override
    public List<PartitionGroup> getConsumedPartitionGroups() {
        return List.of(group);
    }

    public IntermediateResult result() {
        return result;
    }

    /** A pipelined partition whose producer started writing. */
    public void markConsumable() {
        if (state == ResultPartitionState.CREATED) {
            state = ResultPartitionState.CONSUMABLE;
        }
    }

    /** The producer finished: the partition holds all its data, and its group has one unfinished partition less. */
    public void markFinished() {
        if (state != ResultPartitionState.ALL_DATA_PRODUCED) {
            state = ResultPartitionState.ALL_DATA_PRODUCED;
            group.partitionFinished();
        }
    }

    /** The data is gone (the producer restarts, or its worker was lost). */
    public void reset() {
        if (state == ResultPartitionState.ALL_DATA_PRODUCED) {
            group.partitionReset();
        }
        state = ResultPartitionState.CREATED;
    }

    PartitionGroup group() {
        return group;
    }

    void connect(PartitionGroup group, VertexGroup consumers) {
        this.group = group;
        this.consumers = consumers;
    }

    @Override
    public String toString() {
        return id + " " + state;
    }
}
