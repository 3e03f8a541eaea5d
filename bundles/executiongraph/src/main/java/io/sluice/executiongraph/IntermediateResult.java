package io.sluice.executiongraph;

import io.sluice.api.job.IntermediateDataSet;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import java.util.List;

/** The data set one job edge carries: one partition per producer subtask. */
public final class IntermediateResult {
    private final IntermediateDataSet dataSet;
    private final ExecutionJobVertex producer;
    private IntermediateResultPartition[] partitions;
    private List<IntermediateResultPartition> partitionList;
    private PartitionerKind partitioner;
    private ExecutionJobVertex consumer;

    IntermediateResult(IntermediateDataSet dataSet, ExecutionJobVertex producer) {
        this.dataSet = dataSet;
        this.producer = producer;
    }

    /** Called once the producer's vertices exist. */
    void createPartitions() {
        partitions = new IntermediateResultPartition[producer.parallelism()];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new IntermediateResultPartition(this, producer.vertex(i), i);
        }
        partitionList = new ArrayView<>(partitions);
    }

    public IntermediateDataSetId id() {
        return dataSet.id();
    }

    public ResultPartitionType resultType() {
        return dataSet.resultType();
    }

    public PartitionerKind partitioner() {
        return partitioner;
    }

    public ExecutionJobVertex producer() {
        return producer;
    }

    public ExecutionJobVertex consumer() {
        return consumer;
    }

    public List<IntermediateResultPartition> partitions() {
        return partitionList;
    }

    IntermediateResultPartition partition(int index) {
        return partitions[index];
    }

    /**
     * Connects every partition to the consumer's subtasks as the partitioner's distribution pattern says.
     * All-to-all: one group of every partition, shared by one group of every consumer. Pointwise: Flink's
     * mapping of contiguous ranges, for equal, growing and shrinking parallelism.
     */
    void connectTo(ExecutionJobVertex consumer, PartitionerKind partitioner) {
        this.consumer = consumer;
        this.partitioner = partitioner;
        int producers = partitions.length;
        int consumers = consumer.parallelism();
        switch (partitioner.distributionPattern()) {
            case ALL_TO_ALL -> connect(0, producers, 0, consumers);
            case POINTWISE -> {
                if (producers >= consumers) {
                    // each consumer reads a contiguous range of producers (one each when equal)
                    for (int c = 0; c < consumers; c++) {
                        connect((int) ((long) c * producers / consumers), (int) ((long) (c + 1) * producers / consumers),
                                c, c + 1);
                    }
                } else {
                    // each producer feeds a contiguous range of consumers
                    for (int p = 0; p < producers; p++) {
                        int start = (int) (((long) p * consumers + producers - 1) / producers);
                        int end = (int) (((long) (p + 1) * consumers + producers - 1) / producers);
                        connect(p, p + 1, start, end);
                    }
                }
            }
        }
    }

    private void connect(int partitionStart, int partitionEnd, int consumerStart, int consumerEnd) {
        VertexGroup consumers = new VertexGroup(consumer, consumerStart, consumerEnd);
        PartitionGroup group = new PartitionGroup(this, partitionStart, partitionEnd, consumers);
        for (int p = partitionStart; p < partitionEnd; p++) {
            partitions[p].connect(group, consumers);
        }
        for (int c = consumerStart; c < consumerEnd; c++) {
            consumer.vertex(c).addConsumedGroup(group);
        }
    }

    @Override
    public String toString() {
        return dataSet.toString();
    }
}
