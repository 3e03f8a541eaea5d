package io.sluice.network;

import io.netty.buffer.ByteBuf;
import io.sluice.shuffle.RecordCodec;
import io.sluice.shuffle.ResultPartitionKey;
import io.sluice.shuffle.SubpartitionReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One subpartition read from another worker: what arrives is kept in this channel's exclusive buffers (and in
 * floating ones its gate lends while the sender has a backlog) until the consuming task polls it; every buffer the
 * task has read goes back as a credit. The sender never sends more than the credits, so the buffers are never
 * exceeded. Arrivals are on the connection's event loop, {@link #poll} and {@link #close} on the task's thread.
 */
public final class RemoteChannel implements SubpartitionReader {
    private static final long FIRST_BACKOFF_MILLIS = 10;

    private final int id;
    private final ResultPartitionKey key;
    private final int subpartition;
    private final PartitionClient.ClientConnection connection;
    private final NetworkBufferPool pool;
    private final FloatingBuffers gate;
    private final Runnable onAvailable;
    private final long requestDeadlineNanos;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    /** Buffers free for data from the sender: each is one credit the sender has (or is about to get). */
    private final ArrayDeque<byte[]> freeExclusive = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeFloating = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Object> arrived = new ConcurrentLinkedQueue<>();
    /** Credits freed by the task and not sent yet: sent together from the event loop, one frame for a burst. */
    private final java.util.concurrent.atomic.AtomicInteger unannounced = new java.util.concurrent.atomic.AtomicInteger();
    private IOException failure;
    private boolean ended;
    private volatile boolean closed;

    private record Received(byte[] segment, int size, boolean floating) {
    }

    private record Failed(IOException cause) {
    }

    private static final Object END_MARKER = new Object();

    RemoteChannel(int id, ResultPartitionKey key, int subpartition, PartitionClient.ClientConnection connection,
            NetworkBufferPool pool, List<byte[]> exclusive, FloatingBuffers gate, Runnable onAvailable,
            NetworkSettings settings) {
        this.id = id;
        this.key = key;
        this.subpartition = subpartition;
        this.connection = connection;
        this.pool = pool;
        this.gate = gate;
        this.onAvailable = onAvailable;
        this.freeExclusive.addAll(exclusive);
        this.requestDeadlineNanos = System.nanoTime() + settings.requestBackoffMax().toNanos();
    }

    int id() {
        return id;
    }

    ResultPartitionKey key() {
        return key;
    }

    int subpartition() {
        return subpartition;
    }

    /** The credit a (new) request starts with: every buffer free now. */
    synchronized int freeBuffers() {
        return freeExclusive.size() + freeFloating.size();
    }

    // ---- arrivals, on the event loop ----------------------------------------------------------------------

    /** A batch against one credit; {@code false} when there was no credit for it (the sender broke the protocol). */
    boolean onBuffer(ByteBuf batch, int backlog) {
        int size = batch.readableBytes();
        byte[] segment;
        boolean floating;
        boolean lend;
        synchronized (this) {
            floating = !freeFloating.isEmpty();
            segment = floating ? freeFloating.pollFirst() : freeExclusive.pollFirst();
            lend = backlog > 0 && freeExclusive.isEmpty() && freeFloating.isEmpty();
        }
        if (segment == null && closed) {
            return true; // sent before the sender heard of the cancel: dropped
        }
        if (segment == null || size > segment.length) {
            if (segment != null) {
                giveBack(segment, floating);
            }
            return false;
        }
        batch.readBytes(segment, 0, size);
        arrived.add(new Received(segment, size, floating));
        if (lend && !closed) {
            byte[] borrowed = gate.tryLend();
            if (borrowed != null) {
                synchronized (this) {
                    freeFloating.addLast(borrowed);
                }
                connection.sendCredit(id, 1);
            }
        }
        onAvailable.run();
        return true;
    }

    void onEnd() {
        arrived.add(END_MARKER);
        onAvailable.run();
    }

    void onFailed(IOException cause) {
        arrived.add(new Failed(cause));
        onAvailable.run();
    }

    /** The producer's worker does not have the partition (yet): ask again with backoff, until the deadline. */
    void onNotFound(String message) {
        if (closed) {
            return;
        }
        if (System.nanoTime() >= requestDeadlineNanos) {
            onFailed(new PartitionNotFoundException(key, message + " (asked " + connection.remote()
                    + " until taskexecutor.network.request-backoff.max)"));
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, 1_000);
        connection.schedule(() -> {
            if (!closed) {
                connection.request(this);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    // ---- reading, on the task's thread --------------------------------------------------------------------

    @Override
    public Object[] poll() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return END;
        }
        Object item = arrived.poll();
        if (item == null) {
            return null;
        }
        if (item == END_MARKER) {
            ended = true;
            releaseBuffers();
            return END;
        }
        if (item instanceof Failed failed) {
            failure = failed.cause();
            releaseBuffers();
            throw failure;
        }
        Received received = (Received) item;
        try {
            return BatchFormat.decode(received.segment(), received.size());
        } catch (RecordCodec.CorruptBatchException e) {
            failure = new IOException("subpartition " + subpartition + " of " + key + " from " + connection.remote()
                    + ": " + e.getMessage(), e);
            throw failure;
        } finally {
            recycle(received);
        }
    }

    /** A read buffer: an exclusive one is free for the sender again (a credit), a floating one goes back. */
    private void recycle(Received received) {
        if (received.floating() || closed || failure != null) {
            giveBack(received.segment(), received.floating());
            return;
        }
        synchronized (this) {
            freeExclusive.addLast(received.segment());
        }
        if (unannounced.getAndIncrement() == 0) {
            connection.execute(() -> {
                int credit = unannounced.getAndSet(0);
                if (credit > 0 && !closed) {
                    connection.sendCredit(id, credit);
                }
            });
        }
    }

    private void giveBack(byte[] segment, boolean floating) {
        if (floating) {
            gate.giveBack(segment);
        } else {
            pool.recycle(segment);
        }
    }

    /** Stops reading: the sender is told, and every buffer of the channel goes back. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended && failure == null) {
            connection.cancel(this);
        } else {
            connection.forget(this);
        }
        releaseBuffers();
    }

    private void releaseBuffers() {
        Object item;
        while ((item = arrived.poll()) != null) {
            if (item instanceof Received received) {
                giveBack(received.segment(), received.floating());
            }
        }
        synchronized (this) {
            freeExclusive.forEach(pool::recycle);
            freeExclusive.clear();
            freeFloating.forEach(gate::giveBack);
            freeFloating.clear();
        }
    }

    @Override
    public String toString() {
        return "subpartition " + subpartition + " of " + key + " from " + connection.remote();
    }
}
