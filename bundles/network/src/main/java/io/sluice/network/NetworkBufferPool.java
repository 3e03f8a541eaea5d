package io.sluice.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The network memory of one worker: a fixed number of fixed-size segments, handed out whole and given back
 * whole. Receiving channels take their exclusive segments when they open and gates borrow floating ones;
 * senders take one per batch in flight. A request that cannot be met gets nothing at once (never waits), and
 * the caller decides: fail the task, or try again when {@link #onRecycled} says a segment came back.
 * Thread-safe.
 */
public final class NetworkBufferPool {
    private final int segmentBytes;
    private final int totalSegments;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final List<Runnable> waiting = new ArrayList<>();
    private int created;

    public NetworkBufferPool(int segmentBytes, int totalSegments) {
        this.segmentBytes = segmentBytes;
        this.totalSegments = totalSegments;
    }

    public NetworkBufferPool(NetworkSettings settings) {
        this(settings.segmentBytes(), settings.segments());
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public int totalSegments() {
        return totalSegments;
    }

    /** A segment, or {@code null} when every one is in use. Segments are allocated on first use. */
    public synchronized byte[] request() {
        byte[] segment = free.pollFirst();
        if (segment == null && created < totalSegments) {
            created++;
            segment = new byte[segmentBytes];
        }
        return segment;
    }

    /** {@code count} segments at once, or none (and {@code null}) when fewer are free. */
    public synchronized List<byte[]> request(int count) {
        if (count > available()) {
            return null;
        }
        List<byte[]> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            segments.add(request());
        }
        return segments;
    }

    /** Gives a segment back; whoever waits for one hears it (outside the pool's lock). */
    public void recycle(byte[] segment) {
        if (segment.length != segmentBytes) {
            throw new IllegalArgumentException("a segment of " + segment.length + " bytes is not of this pool ("
                    + segmentBytes + ")");
        }
        List<Runnable> toldNow;
        synchronized (this) {
            free.addFirst(segment);
            if (waiting.isEmpty()) {
                return;
            }
            toldNow = new ArrayList<>(waiting);
            waiting.clear();
        }
        toldNow.forEach(Runnable::run);
    }

    /** Runs {@code listener} once, when the next segment is recycled. */
    public synchronized void onRecycled(Runnable listener) {
        waiting.add(listener);
    }

    /** Segments not in use now. */
    public synchronized int available() {
        return free.size() + totalSegments - created;
    }

    /** Segments in use now: the worker's network memory is this times the segment size. */
    public synchronized int inUse() {
        return created - free.size();
    }
}
