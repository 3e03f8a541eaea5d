package io.sluice.api.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a producer assigns records to the channels of its consumers. A partitioner is <em>deterministic</em>
 * when a re-run of the producer sends every record to the same consumer again; failover relies on that to
 * keep the results of consumers that already finished.
 */
public enum PartitionerKind {
    FORWARD(DistributionPattern.POINTWISE, true),
    RESCALE(DistributionPattern.POINTWISE, false),
    REBALANCE(DistributionPattern.ALL_TO_ALL, false),
    RANDOM(DistributionPattern.ALL_TO_ALL, false),
    HASH(DistributionPattern.ALL_TO_ALL, true),
    BROADCAST(DistributionPattern.ALL_TO_ALL, true);

    private final DistributionPattern distributionPattern;
    private final boolean deterministic;

    PartitionerKind(DistributionPattern distributionPattern, boolean deterministic) {
        this.distributionPattern = distributionPattern;
        this.deterministic = deterministic;
    }

    public DistributionPattern distributionPattern() {
        return distributionPattern;
    }

    public boolean isDeterministic() {
        return deterministic;
    }

    /** The name used in job files: the lower-case constant name. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks up a partitioner by its job-file name; the error lists the known names. */
    public static PartitionerKind fromName(String name) {
        for (PartitionerKind kind : values()) {
            if (kind.externalName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown partitioner '" + name + "' (known: "
                + Arrays.stream(values()).map(PartitionerKind::externalName).collect(Collectors.joining(", ")) + ")");
    }
}
