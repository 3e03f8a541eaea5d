package io.sluice.api.job;

import java.util.Objects;

/** Identifies the data set one job edge carries from its producer to its consumer. */
public record IntermediateDataSetId(String value) {
    public IntermediateDataSetId {
        Objects.requireNonNull(value, "value");
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof IntermediateDataSetId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
