package io.sluice.api.job;

/**
 * The data one job vertex produces for one consumer edge. Each producer subtask writes one partition of it.
 */
public final class IntermediateDataSet {
    private final IntermediateDataSetId id;
    private final JobVertex producer;
    private final ResultPartitionType resultType;
    private JobEdge consumer;

    IntermediateDataSet(IntermediateDataSetId id, JobVertex producer, ResultPartitionType resultType) {
        this.id = id;
        this.producer = producer;
        this.resultType = resultType;
    }

    public IntermediateDataSetId id() {
        return id;
    }

    public JobVertex producer() {
        return producer;
    }

    public ResultPartitionType resultType() {
        return resultType;
    }

    public JobEdge consumer() {
        return consumer;
    }

    void setConsumer(JobEdge consumer) {
        this.consumer = consumer;
    }

    @Override
    public String toString() {
        return id + " (" + resultType + ")";
    }
}
