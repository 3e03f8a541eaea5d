package io.sluice.rpc.gateway;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Identifies one slot request of a JobMaster, and the slot while it serves that request. */
public record AllocationId(String value) {
    private static final AtomicLong NEXT = new AtomicLong();

    public AllocationId {
        Objects.requireNonNull(value, "value");
    }

    /** A new id, unique in this JVM. */
    public static AllocationId next() {
        return new AllocationId("alloc-" + NEXT.incrementAndGet());
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
