package io.sluice.api.job;

import java.util.Objects;
import java.util.UUID;

/** Identifies one submitted job; 32 lower-case hex digits, like Flink's. */
public record JobId(String value) {
    public JobId {
        Objects.requireNonNull(value, "value");
    }

    public static JobId generate() {
        return new JobId(UUID.randomUUID().toString().replace("-", ""));
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof JobId other && value.equals(other.value);
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
