package io.sluice.api.job;

import java.util.Objects;

/** Vertices whose subtasks may share a slot: one subtask of each vertex per slot, never two of the same. */
public record SlotSharingGroup(String name) {
    public static final SlotSharingGroup DEFAULT = new SlotSharingGroup("default");

    public SlotSharingGroup {
        Objects.requireNonNull(name, "name");
    }
    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof SlotSharingGroup other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
