package io.sluice.api.scheduling;

/** Whether a partition's data can be read. */
public enum ResultPartitionState {
    /** The producer has not produced anything readable yet. */
    CREATED,
    /** A pipelined partition whose producer runs: consumers can read as data arrives. */
    CONSUMABLE,
    /** The producer finished; the partition holds all its data. */
    ALL_DATA_PRODUCED
}
