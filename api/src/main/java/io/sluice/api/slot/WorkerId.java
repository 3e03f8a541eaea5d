package io.sluice.api.slot;

import java.util.Objects;

/** Identifies a TaskExecutor (a worker offering slots). */
public record WorkerId(String value) {
    public WorkerId {
        Objects.requireNonNull(value, "value");
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof WorkerId other && value.equals(other.value);
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
