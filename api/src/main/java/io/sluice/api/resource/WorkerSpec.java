package io.sluice.api.resource;

import io.sluice.api.job.ResourceProfile;
import java.util.Objects;

/**
 * The shape of a worker to start: how many slots and what each offers.
 *
 * @param masterAddress {@code host:port} of the RPC port a started worker registers at, or {@code null} when the
 *        ResourceManager has no network (its workers are in its own JVM)
 */
public record WorkerSpec(int slots, ResourceProfile slotProfile, String masterAddress) {
    public WorkerSpec {
        Objects.requireNonNull(slotProfile, "slotProfile");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot, got " + slots);
        }
    }

    /** A worker of the ResourceManager's own JVM. */
    public WorkerSpec(int slots, ResourceProfile slotProfile) {
        this(slots, slotProfile, null);
    }

    /** The same shape, for workers that register at {@code address}. */
    public WorkerSpec withMasterAddress(String address) {
        return new WorkerSpec(slots, slotProfile, address);
    }
}
