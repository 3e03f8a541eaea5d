package io.sluice.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The network memory of one worker: a fixed number of fixed-size segments, handed out whole and given back
 * whole. Receiving channels take their exclusive segments when they open and gates borrow floating ones;
 * senders take one per batch in flight. A request that cannot be met gets nothing at once (never waits), and
 * the caller decides: fail the task, or try again when {@link #onRecycled} says a segment came back.
 *
 * <p>The receiving side never takes the last {@link #sendingReserve()} segments: if receivers held every segment
 * of two workers, neither could send the batches that would free them (a credit deadlock).
 * Thread-safe.
 */
public final class NetworkBufferPool {
    private final int segmentBytes;
    private final int totalSegments;
    private final int sendingReserve;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final List<Runnable> waiting = new ArrayList<>();
    private int created;

    public NetworkBufferPool(int segmentBytes, int totalSegments) {
        this.segmentBytes = segmentBytes;
        this.totalSegments = totalSegments;
        this.sendingReserve = Math.min(totalSegments, Math.max(2, totalSegments / 16));
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

    /** The segments receivers leave to senders. */
    public int sendingReserve() {
        return sendingReserve;
    }

    /** A segment to send a batch from, or {@code null} when every one is in use. Allocated on first use. */
    public synchronized byte[] requestForSending() {
        byte[] segment = free.pollFirst();
        if (segment == null && created < totalSegments) {
            created++;
            segment = new byte[segmentBytes];
        }
        return segment;
    }

    /** A segment to receive into, or {@code null} when only the sending reserve is left. */
    public synchronized byte[] requestForReceiving() {
        return available() > sendingReserve ? requestForSending() : null;
    }

    /** {@code count} segments to receive into at once, or none (and {@code null}) when fewer can be had. */
    public synchronized List<byte[]> requestForReceiving(int count) {
        if (count > available() - sendingReserve) {
            return null;
        }
        List<byte[]> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            segments.add(requestForSending());
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
