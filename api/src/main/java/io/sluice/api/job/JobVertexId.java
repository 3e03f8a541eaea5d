package io.sluice.api.job;

import java.util.Objects;

/** Identifies a job vertex; a chained vertex takes the id of its head operator. */
public record JobVertexId(String value) {
    public JobVertexId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
