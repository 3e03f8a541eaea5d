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

    @Override
    public String toString() {
        return value;
    }
}
