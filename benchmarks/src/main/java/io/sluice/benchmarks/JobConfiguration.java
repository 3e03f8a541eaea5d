package io.sluice.benchmarks;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import java.util.List;

/**
 * The job shapes of Flink's scheduler benchmarks: two job vertices, {@code source} and {@code sink}, of equal
 * parallelism, one ALL_TO_ALL edge (PIPELINED for STREAMING, BLOCKING for BATCH), no slot sharing between them.
 */
public enum JobConfiguration {
    STREAMING(ResultPartitionType.PIPELINED),
    BATCH(ResultPartitionType.BLOCKING);

    private final ResultPartitionType exchange;

    JobConfiguration(ResultPartitionType exchange) {
        this.exchange = exchange;
    }

    public JobGraph jobGraph(int parallelism) {
        return JobGraph.builder(name().toLowerCase() + "-" + parallelism)
                .vertex("source", List.of(new OperatorSpec("source", "sequence-source")), parallelism,
                        new SlotSharingGroup("source"), null, ResourceProfile.UNKNOWN)
                .vertex("sink", List.of(new OperatorSpec("sink", "discard-sink")), parallelism,
                        new SlotSharingGroup("sink"), null, ResourceProfile.UNKNOWN)
                .connect("source", "sink", PartitionerKind.REBALANCE, exchange)
                .build();
    }
}
