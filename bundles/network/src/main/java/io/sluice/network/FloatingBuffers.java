package io.sluice.network;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The buffers of one input gate: the exclusive buffers of its remote channels, set aside before the first of
 * them opens, and at most a fixed number of floating buffers borrowed from the worker's pool at a time, lent to
 * whichever channel has a backlog and given back to the pool when read. Thread-safe.
 */
public final class FloatingBuffers {
    /** How long setting aside the exclusive buffers waits for buffers other gates are about to give back. */
    static final Duration RESERVE_WAIT = Duration.ofSeconds(2);

    private final NetworkBufferPool pool;
    private final int max;
    private final int perChannel;
    private final ArrayDeque<byte[]> reserved = new ArrayDeque<>();
    private int lent;
    private boolean closed;

    FloatingBuffers(NetworkBufferPool pool, int max, int perChannel) {
        this.pool = pool;
        this.max = max;
        this.perChannel = perChannel;
    }

    /**
     * Sets aside the exclusive buffers of {@code channels} channels, all or none, waiting up to
     * {@link #RESERVE_WAIT} for floating and sending buffers of others to come back.
     */
    void reserve(int channels) throws IOException {
        int needed = channels * perChannel;
        long deadline = System.nanoTime() + RESERVE_WAIT.toNanos();
        while (true) {
            List<byte[]> segments = pool.requestForReceiving(needed);
            if (segments != null) {
                synchronized (this) {
                    reserved.addAll(segments);
                }
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("not enough network buffers for an input gate of " + channels
                        + " remote channels: it needs " + needed + " (" + perChannel + " per channel), "
                        + pool.available() + " of " + pool.totalSegments() + " are free and " + pool.sendingReserve()
                        + " stay for sending (taskexecutor.network.memory, taskexecutor.network.buffers-per-channel)");
            }
            CountDownLatch recycled = new CountDownLatch(1);
            pool.onRecycled(recycled::countDown);
            try {
                recycled.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for network buffers");
            }
        }
    }

    /** The exclusive buffers of one channel from what was set aside, or {@code null} when there are none left. */
    synchronized List<byte[]> takeExclusive() {
        if (reserved.size() < perChannel) {
            return null;
        }
        List<byte[]> segments = new ArrayList<>(perChannel);
        for (int i = 0; i < perChannel; i++) {
            segments.add(reserved.pollFirst());
        }
        return segments;
    }

    /** A segment for a channel with a backlog, or {@code null} when the gate's share or the pool is used up. */
    byte[] tryLend() {
        synchronized (this) {
            if (lent >= max || closed) {
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

    /** Buffers set aside and not used (channels that turned out to be local, or never opened) go back. */
    void close() {
        List<byte[]> unused;
        synchronized (this) {
            closed = true;
            unused = new ArrayList<>(reserved);
            reserved.clear();
        }
        unused.forEach(pool::recycle);
    }

    /** Segments lent out now. */
    public synchronized int lent() {
        return lent;
    }
}
