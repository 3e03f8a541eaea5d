package io.sluice.api.job;

/** Which producer subtasks a consumer subtask reads from. */
public enum DistributionPattern {
    /** Each consumer reads a contiguous range of producers (or shares one), as Flink's pointwise connection. */
    POINTWISE,
    /** Every consumer reads every producer. */
    ALL_TO_ALL
}
