package io.sluice.api.resource;

import io.sluice.api.job.ResourceProfile;
import java.util.Objects;

/** The shape of a worker to start: how many slots and what each offers. */
public record WorkerSpec(int slots, ResourceProfile slotProfile) {
    public WorkerSpec {
        Objects.requireNonNull(slotProfile, "slotProfile");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot, got " + slots);
        }
    }
}
