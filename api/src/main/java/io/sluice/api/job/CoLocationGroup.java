package io.sluice.api.job;

import java.util.Objects;

/** Vertices whose subtask <i>i</i> must all run in the same slot. */
public record CoLocationGroup(String name) {
    public CoLocationGroup {
        Objects.requireNonNull(name, "name");
    }
}
