package io.sluice.shuffle;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * All channels of one input of a consuming task, read round-robin on the task's thread. A local channel whose
 * partition is not registered yet (its producer is still starting) is looked up again once the registry says it
 * arrived; a remote one reads over the network data plane; one whose producer was not placed when the task was
 * deployed waits until {@link #locate} says where it is. The gate parks while nothing is available, and
 * producers, registrations, arrivals, locations and releases wake it.
 */
public final class InputGate {
    /** Only a safety net: producers, registrations and releases wake the gate. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** {@link Channel#dataAddress} of a channel whose producer is not placed yet. */
    private static final String UNPLACED = "";

    /**
     * One channel: subpartition {@code subpartition} of the partition {@code partition}, in this JVM's registry
     * ({@code dataAddress} {@code null}), at another worker's data port ({@code host:port}), or not placed yet.
     */
    public record Channel(ResultPartitionKey partition, int subpartition, String dataAddress) {
        /** A channel of a partition in this JVM's registry. */
        public Channel(ResultPartitionKey partition, int subpartition) {
            this(partition, subpartition, null);
        }

        /** A channel whose producer is not placed yet: {@link #locate} tells where it is. */
        public static Channel unplaced(ResultPartitionKey partition, int subpartition) {
            return new Channel(partition, subpartition, UNPLACED);
        }
    }

    private final PartitionRegistry registry;
    private final RemotePartitions.Gate remote;
    private final Channel[] channels;
    /** Where each channel reads, as {@link Channel#dataAddress}; set once more by {@link #locate}. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<String> locations;
    private final SubpartitionReader[] readers;
    private final boolean[] ended;
    private final boolean[] awaitingRegistration;
    private final Runnable wakeUp;
    private int remaining;
    private int cursor;
    /** Whether the remote channels' buffers were set aside (at the first read). */
    private boolean reserved;
    private volatile Thread waiter;

    public InputGate(PartitionRegistry registry, List<Channel> channels) {
        this(registry, channels, null);
    }

    /**
     * @param remote opens the channels at other workers' data ports; {@code null} when every channel is local.
     *        Their buffers are set aside before the first read (see {@link RemotePartitions.Gate#reserve}).
     */
    public InputGate(PartitionRegistry registry, List<Channel> channels, RemotePartitions.Gate remote) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("an input gate needs at least one channel");
        }
        this.registry = registry;
        this.remote = remote;
        this.channels = channels.toArray(Channel[]::new);
        this.locations = new java.util.concurrent.atomic.AtomicReferenceArray<>(this.channels.length);
        for (int i = 0; i < this.channels.length; i++) {
            String address = this.channels[i].dataAddress();
            if (address != null && !address.equals(UNPLACED) && remote == null) {
                throw new IllegalArgumentException("channel of " + this.channels[i].partition() + " is at " + address
                        + ", but this worker has no network data plane");
            }
            locations.set(i, address);
        }
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
        if (!reserved) {
            reserved = true;
            int remoteChannels = 0;
            for (Channel channel : channels) {
                // not placed yet: most turn out local (the producer shares the slot); one that does not sets its
                // buffers aside when it opens
                remoteChannels += channel.dataAddress() != null && !UNPLACED.equals(channel.dataAddress()) ? 1 : 0;
            }
            if (remote != null && remoteChannels > 0) {
                remote.reserve(remoteChannels);
            }
        }
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

    /**
     * The producer of {@code partition} was placed: its channels read at {@code dataAddress} ({@code null}: in this
     * JVM). Any thread; a location for a channel that is not waiting for one changes nothing.
     */
    public void locate(ResultPartitionKey partition, String dataAddress) {
        if (dataAddress != null && remote == null) {
            throw new IllegalArgumentException(partition + " is at " + dataAddress
                    + ", but this worker has no network data plane");
        }
        for (int i = 0; i < channels.length; i++) {
            if (channels[i].partition().equals(partition)) {
                locations.compareAndSet(i, UNPLACED, dataAddress);
            }
        }
        wakeUp.run();
    }

    private SubpartitionReader open(int i) throws IOException {
        String location = locations.get(i);
        if (UNPLACED.equals(location)) {
            return null;
        }
        if (location != null) {
            return remote.open(location, channels[i].partition(), channels[i].subpartition(), wakeUp);
        }
        ResultPartition partition;
        if (awaitingRegistration[i]) {
            partition = registry.lookup(channels[i].partition());
        } else {
            partition = registry.lookupOrAwait(channels[i].partition(), wakeUp);
            awaitingRegistration[i] = partition == null;
        }
        return partition == null ? null : partition.createReader(channels[i].subpartition(), wakeUp);
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
                reader = open(i);
                if (reader == null) {
                    continue;
                }
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
        if (remote != null) {
            remote.close();
        }
    }
}
