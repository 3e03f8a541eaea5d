package io.sluice.network;

/**
 * The floating buffers of one input gate: at most a fixed number borrowed from the worker's pool at a time, lent
 * to whichever channel of the gate has a backlog, and given back to the pool when read. Thread-safe.
 */
public final class FloatingBuffers {
    private final NetworkBufferPool pool;
    private final int max;
    private int lent;

    FloatingBuffers(NetworkBufferPool pool, int max) {
        this.pool = pool;
        this.max = max;
    }

    /** A segment for a channel with a backlog, or {@code null} when the gate's share or the pool is used up. */
    byte[] tryLend() {
        synchronized (this) {
            if (lent >= max) {
                return null;
            }
            lent++;
        }
        byte[] segment = pool.requestForReceiving();
        if (segment == null) {
            synchronized (this) {
                lent--;
            }
        }
        return segment;
    }

    void giveBack(byte[] segment) {
        synchronized (this) {
            lent--;
        }
        pool.recycle(segment);
    }

    /** Segments lent out now. */
    public synchronized int lent() {
        return lent;
    }
}
