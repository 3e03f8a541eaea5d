package io.sluice.api.job;

import java.util.Objects;

/** Identifies a job vertex; a chained vertex takes the id of its head operator. */
public record JobVertexId(String value) {
    public JobVertexId {
        Objects.requireNonNull(value, "value");
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof JobVertexId other && value.equals(other.value);
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
