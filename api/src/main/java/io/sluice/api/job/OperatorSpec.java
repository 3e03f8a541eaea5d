package io.sluice.api.job;

import java.util.Map;
import java.util.Objects;

/**
 * One operator of a job as the user wrote it: its id, the operator type a bundle provides, and the
 * type's parameters (strings, numbers and booleans as they came from the job file).
 */
public record OperatorSpec(String id, String type, Map<String, Object> params) {
    public OperatorSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        params = Map.copyOf(params);
    }

    public OperatorSpec(String id, String type) {
        this(id, type, Map.of());
    }
}
