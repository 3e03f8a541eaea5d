package io.sluice.api.slot;

import io.sluice.api.job.ResourceProfile;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link FreeSlotIndex} building block that orders workers by utilisation (allocated slots / all slots):
 * least utilised first spreads tasks evenly (Flink's evenly-spread), most utilised first packs them onto
 * as few workers as possible. Workers are kept in buckets of equal utilisation — a cluster has few distinct
 * values (0/8, 1/8, ... 8/8) — so moving a worker after an allocation, and finding the next one, costs about
 * the same for 100 workers as for 10,000. Within a bucket, the worker that entered it first comes first.
 * With mixed slot profiles a match skips workers without a fitting slot.
 */
public final class WorkerUtilisationIndex implements FreeSlotIndex {
    private final Map<WorkerId, Worker> workers = new HashMap<>();
    private final TreeMap<Utilisation, LinkedHashSet<Worker>> buckets;
    private int size;

    /** @param leastUtilisedFirst {@code true} to spread, {@code false} to pack */
    public WorkerUtilisationIndex(boolean leastUtilisedFirst) {
        Comparator<Utilisation> order = (a, b) -> Long.compare((long) a.used * b.total, (long) b.used * a.total);
        this.buckets = new TreeMap<>(leastUtilisedFirst ? order : order.reversed());
    }

    private record Utilisation(int used, int total) {
    }

    private static final class Worker {
        final int total;
        final LinkedHashMap<SlotId, SlotCandidate> free = new LinkedHashMap<>();
        Utilisation bucket;

        Worker(int total) {
            this.total = total;
        }
    }

    @Override
    public void add(SlotCandidate slot) {
        Worker worker = workers.get(slot.worker());
        if (worker == null) {
            worker = new Worker(slot.workerSlotCount());
            workers.put(slot.worker(), worker);
        }
        if (worker.free.put(slot.slotId(), slot) == null) {
            size++;
            rebucket(worker);
        }
    }

    @Override
    public void remove(SlotId slot) {
        Worker worker = workers.get(slot.worker());
        if (worker == null || worker.free.remove(slot) == null) {
            return;
        }
        size--;
        if (worker.free.isEmpty()) {
            leaveBucket(worker);
            workers.remove(slot.worker());
        } else {
            rebucket(worker);
        }
    }

    @Override
    public Optional<SlotCandidate> findMatch(ResourceProfile request) {
        for (LinkedHashSet<Worker> bucket : buckets.values()) {
            for (Worker worker : bucket) {
                for (SlotCandidate slot : worker.free.values()) {
                    if (slot.profile().covers(request)) {
                        return Optional.of(slot);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public int size() {
        return size;
    }

    private void rebucket(Worker worker) {
        leaveBucket(worker);
        worker.bucket = new Utilisation(worker.total - worker.free.size(), worker.total);
        buckets.computeIfAbsent(worker.bucket, key -> new LinkedHashSet<>()).add(worker);
    }

    private void leaveBucket(Worker worker) {
        if (worker.bucket == null) {
            return;
        }
        LinkedHashSet<Worker> bucket = buckets.get(worker.bucket);
        bucket.remove(worker);
        if (bucket.isEmpty()) {
            buckets.remove(worker.bucket);
        }
        worker.bucket = null;
    }
}
