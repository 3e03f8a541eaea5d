package io.sluice.api.job;

import java.util.Objects;

/** Vertices whose subtasks may share a slot: one subtask of each vertex per slot, never two of the same. */
public record SlotSharingGroup(String name) {
    public static final SlotSharingGroup DEFAULT = new SlotSharingGroup("default");

    public SlotSharingGroup {
        Objects.requireNonNull(name, "name");
    }
}
