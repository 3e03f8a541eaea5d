package io.sluice.api.slot;

import java.util.Objects;

/** Identifies a TaskExecutor (a worker offering slots). */
public record WorkerId(String value) {
    public WorkerId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
