package io.sluice.rpc.gateway;

import java.util.Objects;

/**
 * Identifies one slot request of a JobMaster, and the slot while it serves that request. Unique across jobs,
 * processes and restarts: a TaskExecutor that outlives a master never mistakes a new allocation for an old one.
 */
public record AllocationId(String value) {

    public AllocationId {
        Objects.requireNonNull(value, "value");
    }

    /** A new id, unique across processes and restarts. */
    public static AllocationId next() {
        return new AllocationId(ProcessIds.next());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllocationId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
