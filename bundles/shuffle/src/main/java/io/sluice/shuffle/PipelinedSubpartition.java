package io.sluice.shuffle;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.SpscArrayQueue;

/**
 * A bounded queue of batches between one producer and one consumer thread. When it is full the producer parks
 * until the consumer takes a batch: that is the back-pressure that keeps a fast producer from filling the heap.
 * It can be read once; the partition counts it consumed when its reader reaches the end.
 */
final class PipelinedSubpartition extends Subpartition {
    /** Only a safety net: the consumer wakes a waiting producer after every batch it takes. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ResultPartition partition;
    private final SpscArrayQueue<Object[]> queue;
    private final int capacity;
    private volatile Thread blockedWriter;
    private volatile Runnable onAvailable;
    private volatile boolean released;
    private boolean readerCreated;

    PipelinedSubpartition(ResultPartition partition, int capacity) {
        this.partition = partition;
        this.capacity = capacity;
        this.queue = new SpscArrayQueue<>(capacity); // at least this big: JCTools rounds up to a power of two
    }

    @Override
    void add(Object[] batch) throws InterruptedException {
        offer(batch);
    }

    @Override
    void finish() throws InterruptedException {
        offer(SubpartitionReader.END);
    }

    private void offer(Object[] batch) throws InterruptedException {
        while (!tryOffer(batch)) {
            blockedWriter = Thread.currentThread();
            try {
                if (tryOffer(batch)) {
                    break; // the consumer made room between the two offers
                }
                checkReleased();
                LockSupport.parkNanos(this, PARK_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while " + partition.key() + " was full");
                }
            } finally {
                blockedWriter = null;
            }
        }
        Runnable listener = onAvailable;
        if (listener != null) {
            listener.run();
        }
    }

    private boolean tryOffer(Object[] batch) {
        return queue.size() < capacity && queue.offer(batch);
    }

    private void checkReleased() {
        if (released) {
            throw new PartitionException("partition " + partition.key() + " was released");
        }
    }

    @Override
    synchronized SubpartitionReader createReader(Runnable listener) {
        if (readerCreated) {
            throw new PartitionException("pipelined partition " + partition.key() + " is already being read");
        }
        readerCreated = true;
        onAvailable = listener;
        return new SubpartitionReader() {
            private boolean done;

            @Override
            public Object[] poll() {
                if (done) {
                    return END;
                }
                checkReleased();
                Object[] batch = queue.poll();
                if (batch == null) {
                    return null;
                }
                Thread writer = blockedWriter;
                if (writer != null) {
                    LockSupport.unpark(writer);
                }
                if (batch == END) {
                    done = true;
                    partition.subpartitionConsumed();
                }
                return batch;
            }

            @Override
            public void close() {
                onAvailable = null;
            }
        };
    }

    @Override
    void release(List<IOException> failures) {
        released = true; // the queued batches go with the partition; only the consumer thread may poll
        Thread writer = blockedWriter;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
        Runnable listener = onAvailable;
        if (listener != null) {
            listener.run();
        }
    }
}
