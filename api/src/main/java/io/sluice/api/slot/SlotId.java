package io.sluice.api.slot;

import java.util.Objects;

/** Identifies slot {@code index} of a worker. */
public record SlotId(WorkerId worker, int index) {
    public SlotId {
        Objects.requireNonNull(worker, "worker");
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof SlotId other && index == other.index && worker.equals(other.worker);
    }

    @Override
    public int hashCode() {
        return 31 * worker.hashCode() + index;
    }

    @Override
    public String toString() {
        return worker + "/" + index;
    }
}
