package io.sluice.api.operator;

import java.util.Objects;

/** A keyed record: keyed operators and the {@code hash} partitioner use {@link #key()}. */
public record Pair(Object key, Object value) {

    // explicit, so that hashing records on the data path does not go through the record's invokedynamic bootstrap
    @Override
    public boolean equals(Object o) {
        return o instanceof Pair other && Objects.equals(key, other.key)
                && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key) * 31 + Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return "(" + key + ", " + value + ")";
    }
}
