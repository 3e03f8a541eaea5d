package io.sluice.shuffle;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * All channels of one input of a consuming task, read round-robin on the task's thread. A channel whose
 * partition is not registered yet (its producer is still starting) is looked up again once the registry says it
 * arrived; the gate parks while nothing is available, and producers, registrations and releases wake it.
 */
public final class InputGate {
    /** Only a safety net: producers, registrations and releases wake the gate. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One channel: subpartition {@code subpartition} of the partition {@code partition}. */
    public record Channel(ResultPartitionKey partition, int subpartition) {
    }

    private final PartitionRegistry registry;
    private final Channel[] channels;
    private final SubpartitionReader[] readers;
    private final boolean[] ended;
    private final boolean[] awaitingRegistration;
    private final Runnable wakeUp;
    private int remaining;
    private int cursor;
    private volatile Thread waiter;

    public InputGate(PartitionRegistry registry, List<Channel> channels) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("an input gate needs at least one channel");
        }
        this.registry = registry;
        this.channels = channels.toArray(Channel[]::new);
        this.readers = new SubpartitionReader[this.channels.length];
        this.ended = new boolean[this.channels.length];
        this.awaitingRegistration = new boolean[this.channels.length];
        this.remaining = this.channels.length;
        this.wakeUp = () -> {
            Thread thread = waiter;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        };
    }

    /**
     * The next batch from any channel, waiting while none has data; {@code null} once every channel ended.
     * Runs {@code beforeWaiting} before it parks — the task flushes its own output there, so that records
     * never sit in a half-full batch while the task waits.
     */
    public Object[] next(Runnable beforeWaiting) throws InterruptedException, IOException {
        while (remaining > 0) {
            Object[] batch = pollAny();
            if (batch != null) {
                return batch;
            }
            if (remaining == 0) {
                break;
            }
            beforeWaiting.run();
            waiter = Thread.currentThread();
            try {
                batch = pollAny(); // data that arrived before the waiter was visible
                if (batch != null) {
                    return batch;
                }
                if (remaining > 0) {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
            } finally {
                waiter = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for input");
            }
        }
        return null;
    }

    private Object[] pollAny() throws IOException {
        int n = channels.length;
        for (int step = 0; step < n; step++) {
            int i = cursor;
            cursor = cursor + 1 == n ? 0 : cursor + 1;
            if (ended[i]) {
                continue;
            }
            SubpartitionReader reader = readers[i];
            if (reader == null) {
                ResultPartition partition;
                if (awaitingRegistration[i]) {
                    partition = registry.lookup(channels[i].partition());
                } else {
                    partition = registry.lookupOrAwait(channels[i].partition(), wakeUp);
                    awaitingRegistration[i] = partition == null;
                }
                if (partition == null) {
                    continue;
                }
                reader = partition.createReader(channels[i].subpartition(), wakeUp);
                readers[i] = reader;
            }
            Object[] batch = reader.poll();
            if (batch == SubpartitionReader.END) {
                ended[i] = true;
                reader.close();
                if (--remaining == 0) {
                    return null;
                }
            } else if (batch != null) {
                return batch;
            }
        }
        return null;
    }

    /** Stops reading (the task ends early); closes what the readers hold. */
    public void close() {
        for (SubpartitionReader reader : readers) {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
