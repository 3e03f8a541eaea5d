package io.sluice.shuffle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory that blocking partitions may keep, shared by every partition written with the same settings (on a
 * platform: every worker of the JVM), so that many partitions spill instead of filling the heap together.
 */
public final class MemoryBudget {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a memory budget must be >= 0 bytes, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Takes {@code bytes} if they fit. */
    boolean tryReserve(long bytes) {
        for (long current = used.get(); current + bytes <= capacity; current = used.get()) {
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
        return false;
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes held by partitions now. */
    public long used() {
        return used.get();
    }
}
