package io.sluice.api.slot;

import io.sluice.api.job.ResourceProfile;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link FreeSlotIndex} building block that orders workers by utilisation (allocated slots / all slots):
 * least utilised first spreads tasks evenly (Flink's evenly-spread), most utilised first packs them onto
 * as few workers as possible. Workers with free slots live in a sorted set re-keyed on every change, so a
 * match is O(log workers) when slots are alike; with mixed profiles it skips workers without a fitting slot.
 */
public final class WorkerUtilisationIndex implements FreeSlotIndex {
    private final Map<WorkerId, Worker> workers = new HashMap<>();
    private final TreeSet<Worker> order;
    private long nextSequence;
    private int size;

    /** @param leastUtilisedFirst {@code true} to spread, {@code false} to pack */
    public WorkerUtilisationIndex(boolean leastUtilisedFirst) {
        Comparator<Worker> byUtilisation = (a, b) -> Long.compare(
                (long) a.used() * b.total, (long) b.used() * a.total);
        this.order = new TreeSet<>((leastUtilisedFirst ? byUtilisation : byUtilisation.reversed())
                .thenComparingLong(worker -> worker.sequence));
    }

    private static final class Worker {
        final long sequence;
        final int total;
        final LinkedHashMap<SlotId, SlotCandidate> free = new LinkedHashMap<>();

        Worker(long sequence, int total) {
            this.sequence = sequence;
            this.total = total;
        }

        int used() {
            return total - free.size();
        }
    }

    @Override
    public void add(SlotCandidate slot) {
        Worker worker = workers.get(slot.worker());
        if (worker == null) {
            worker = new Worker(nextSequence++, slot.workerSlotCount());
            workers.put(slot.worker(), worker);
        } else {
            order.remove(worker);
        }
        if (worker.free.put(slot.slotId(), slot) == null) {
            size++;
        }
        order.add(worker);
    }

    @Override
    public void remove(SlotId slot) {
        Worker worker = workers.get(slot.worker());
        if (worker == null || !worker.free.containsKey(slot)) {
            return;
        }
        order.remove(worker);
        worker.free.remove(slot);
        size--;
        if (worker.free.isEmpty()) {
            workers.remove(slot.worker());
        } else {
            order.add(worker);
        }
    }

    @Override
    public Optional<SlotCandidate> findMatch(ResourceProfile request) {
        for (Worker worker : order) {
            for (SlotCandidate slot : worker.free.values()) {
                if (slot.profile().covers(request)) {
                    return Optional.of(slot);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public int size() {
        return size;
    }
}
