package io.sluice.api.job;

import java.util.Objects;

/** Identifies the data set one job edge carries from its producer to its consumer. */
public record IntermediateDataSetId(String value) {
    public IntermediateDataSetId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
