package io.sluice.shuffle;

import io.sluice.api.job.JobId;
import io.sluice.api.slot.WorkerId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions the workers of this JVM hold, by key, so that consumers find them. A pipelined partition
 * leaves when it has been read to its end; a blocking one when its job ends or its worker goes away.
 * Thread-safe: producers register, consumers look up, TaskExecutors release, each from their own threads.
 */
public final class PartitionRegistry {
    private record Entry(ResultPartition partition, WorkerId owner) {
    }

    private final Map<ResultPartitionKey, Entry> partitions = new ConcurrentHashMap<>();
    /** Consumers waiting for a partition to be registered, woken when it is. */
    private final Map<ResultPartitionKey, java.util.List<Runnable>> awaiting = new ConcurrentHashMap<>();

    public void register(ResultPartition partition, WorkerId owner) {
        ResultPartitionKey key = partition.key();
        if (partitions.putIfAbsent(key, new Entry(partition, owner)) != null) {
            throw new PartitionException("partition " + key + " of job " + key.job() + " is already registered");
        }
        if (!partition.type().isBlocking()) {
            partition.onConsumed(() -> partitions.remove(key));
        }
        java.util.List<Runnable> waiting = awaiting.remove(key);
        if (waiting != null) {
            synchronized (waiting) {
                waiting.forEach(Runnable::run);
            }
        }
    }

    /**
     * The partition, or {@code null} when it is not registered yet — then {@code onRegistered} runs (from the
     * registering thread) once it is.
     */
    public ResultPartition lookupOrAwait(ResultPartitionKey key, Runnable onRegistered) {
        ResultPartition partition = lookup(key);
        if (partition != null) {
            return partition;
        }
        java.util.List<Runnable> waiting = awaiting.computeIfAbsent(key, k -> new java.util.ArrayList<>());
        synchronized (waiting) {
            waiting.add(onRegistered);
        }
        return lookup(key); // registered meanwhile: the caller has it, and the wake-up is harmless
    }

    /** The partition, or {@code null} when its producer has not registered it yet or it is gone. */
    public ResultPartition lookup(ResultPartitionKey key) {
        Entry entry = partitions.get(key);
        return entry == null ? null : entry.partition();
    }

    public void release(ResultPartitionKey key) {
        Entry entry = partitions.remove(key);
        if (entry != null) {
            entry.partition().release();
        }
    }

    /** The job ended: every partition of it goes. */
    public void releaseJob(JobId job) {
        awaiting.keySet().removeIf(key -> key.job().equals(job));
        releaseWhere((key, entry) -> key.job().equals(job));
    }

    /** The worker left: its partitions are lost to their consumers. */
    public void releaseWorker(WorkerId worker) {
        releaseWhere((key, entry) -> entry.owner().equals(worker));
    }

    private void releaseWhere(java.util.function.BiPredicate<ResultPartitionKey, Entry> condition) {
        partitions.entrySet().removeIf(e -> {
            if (condition.test(e.getKey(), e.getValue())) {
                e.getValue().partition().release();
                return true;
            }
            return false;
        });
    }

    /** Partitions of {@code job} held here. */
    public int countOf(JobId job) {
        int count = 0;
        for (ResultPartitionKey key : partitions.keySet()) {
            if (key.job().equals(job)) {
                count++;
            }
        }
        return count;
    }
}
