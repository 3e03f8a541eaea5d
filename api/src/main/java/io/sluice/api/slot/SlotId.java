package io.sluice.api.slot;

import java.util.Objects;

/** Identifies slot {@code index} of a worker. */
public record SlotId(WorkerId worker, int index) {
    public SlotId {
        Objects.requireNonNull(worker, "worker");
    }

    @Override
    public String toString() {
        return worker + "/" + index;
    }
}
