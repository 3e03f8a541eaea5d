package io.sluice.api.job;

/** Connects a data set to the job vertex that consumes it. */
public final class JobEdge {
    private final IntermediateDataSet source;
    private final JobVertex target;
    private final PartitionerKind partitioner;

    JobEdge(IntermediateDataSet source, JobVertex target, PartitionerKind partitioner) {
        this.source = source;
        this.target = target;
        this.partitioner = partitioner;
    }

    public IntermediateDataSet source() {
        return source;
    }

    public JobVertex target() {
        return target;
    }

    public PartitionerKind partitioner() {
        return partitioner;
    }

    public DistributionPattern distributionPattern() {
        return partitioner.distributionPattern();
    }

    @Override
    public String toString() {
        return source.producer().id() + " -[" + partitioner.externalName() + ", "
                + source.resultType().name().toLowerCase(java.util.Locale.ROOT) + "]-> " + target.id();
    }
}
