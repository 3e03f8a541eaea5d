package io.sluice.api.job;

import java.util.Objects;

/** Vertices whose subtask <i>i</i> must all run in the same slot. */
public record CoLocationGroup(String name) {
    public CoLocationGroup {
        Objects.requireNonNull(name, "name");
    }
    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof CoLocationGroup other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
