package io.sluice.resourcemanager.internal;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.SlotCandidate;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.SlotReport;
import io.sluice.rpc.gateway.SlotStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every slot of the cluster: free ones in the {@link FreeSlotIndex} of the configured matching strategy,
 * allocated ones by allocation id, and the requests nothing fits yet, oldest first. Each allocation costs
 * what the index's match costs plus a few hash operations, never a scan of all workers.
 *
 * <p>Owned by the ResourceManager's main thread; not thread-safe.
 */
public final class SlotManager {
    private final Map<WorkerId, Worker> workers = new HashMap<>();
    private final Map<AllocationId, Allocation> allocations = new HashMap<>();
    private final LinkedHashMap<AllocationId, PendingRequest> pending = new LinkedHashMap<>();
    private FreeSlotIndex index;

    public SlotManager(FreeSlotIndex index) {
        this.index = index;
    }

    /** A slot serving a job's allocation. */
    public record Allocation(JobId job, AllocationId allocation, SlotId slot) {
    }

    /** A request waiting for a slot, with the time it arrived. */
    public record PendingRequest(JobId job, AllocationId allocation, ResourceProfile profile, java.time.Instant since) {
    }

    private static final class Worker {
        final WorkerId id;
        final ResourceProfile[] profiles;
        final AllocationId[] allocated;

        Worker(WorkerId id, List<ResourceProfile> profiles) {
            this.id = id;
            this.profiles = profiles.toArray(ResourceProfile[]::new);
            this.allocated = new AllocationId[profiles.size()];
        }

        SlotCandidate candidate(int slot) {
            return new SlotCandidate(new SlotId(id, slot), profiles[slot], profiles.length);
        }

        int allocatedCount() {
            int count = 0;
            for (AllocationId allocation : allocated) {
                if (allocation != null) {
                    count++;
                }
            }
            return count;
        }
    }

    // ---- workers -------------------------------------------------------------------------------------

    /**
     * Registers a worker with its slots as its report describes them (a re-registering worker may already
     * serve allocations). Returns the pending requests its free slots fulfilled.
     */
    public List<Allocation> registerWorker(WorkerId worker, SlotReport report) {
        if (workers.containsKey(worker)) {
            unregisterWorker(worker);
        }
        List<ResourceProfile> profiles = new ArrayList<>();
        for (SlotStatus status : report.slots()) {
            profiles.add(status.profile());
        }
        Worker state = new Worker(worker, profiles);
        workers.put(worker, state);
        for (int slot = 0; slot < state.profiles.length; slot++) {
            SlotStatus status = report.slots().get(slot);
            if (status.isFree()) {
                index.add(state.candidate(slot));
            } else {
                state.allocated[slot] = status.allocation();
                allocations.put(status.allocation(), new Allocation(status.job(), status.allocation(), status.slotId()));
            }
        }
        return fulfilPending();
    }

    /** Forgets a worker (lost or released); returns the allocations it served, so their jobs can be told. */
    public List<Allocation> unregisterWorker(WorkerId worker) {
        Worker state = workers.remove(worker);
        if (state == null) {
            return List.of();
        }
        List<Allocation> lost = new ArrayList<>();
        for (int slot = 0; slot < state.profiles.length; slot++) {
            if (state.allocated[slot] == null) {
                index.remove(new SlotId(worker, slot));
            } else {
                lost.add(allocations.remove(state.allocated[slot]));
            }
        }
        return lost;
    }

    public boolean isRegistered(WorkerId worker) {
        return workers.containsKey(worker);
    }

    /** Whether every slot of the worker is free (a candidate for release when idle). */
    public boolean isIdle(WorkerId worker) {
        Worker state = workers.get(worker);
        return state != null && state.allocatedCount() == 0;
    }

    // ---- requests ------------------------------------------------------------------------------------

    /** Allocates a fitting free slot, or queues the request; the slot, if one was found. */
    public Optional<SlotId> requestSlot(JobId job, AllocationId allocation, ResourceProfile profile,
            java.time.Instant now) {
        Allocation existing = allocations.get(allocation);
        if (existing != null) {
            return Optional.of(existing.slot()); // a repeated request, e.g. after a lost acknowledgement
        }
        Optional<SlotCandidate> match = index.findMatch(profile);
        if (match.isEmpty()) {
            pending.putIfAbsent(allocation, new PendingRequest(job, allocation, profile, now));
            return Optional.empty();
        }
        allocate(job, allocation, match.get().slotId());
        return Optional.of(match.get().slotId());
    }

    /** Withdraws a pending request (cancelled or timed out); returns it if it was pending. */
    public Optional<PendingRequest> cancelRequest(AllocationId allocation) {
        return Optional.ofNullable(pending.remove(allocation));
    }

    /** The slot became free: it returns to the index and may fulfil pending requests, which are returned. */
    public List<Allocation> freeSlot(SlotId slot) {
        Worker state = workers.get(slot.worker());
        if (state == null || slot.index() >= state.profiles.length || state.allocated[slot.index()] == null) {
            return List.of();
        }
        allocations.remove(state.allocated[slot.index()]);
        state.allocated[slot.index()] = null;
        index.add(state.candidate(slot.index()));
        return fulfilPending();
    }

    /** Frees the slot serving {@code allocation}, if any. */
    public List<Allocation> freeAllocation(AllocationId allocation) {
        Allocation existing = allocations.get(allocation);
        return existing == null ? List.of() : freeSlot(existing.slot());
    }

    /**
     * Makes the SlotManager's view of a worker match its report (messages may have been lost): slots the
     * worker calls free become free here, slots it serves are recorded. Returns requests fulfilled by slots
     * that turned out to be free.
     */
    public List<Allocation> reconcile(WorkerId worker, SlotReport report) {
        Worker state = workers.get(worker);
        if (state == null) {
            return List.of();
        }
        boolean freed = false;
        for (SlotStatus status : report.slots()) {
            int slot = status.slotId().index();
            if (slot >= state.profiles.length) {
                continue;
            }
            AllocationId known = state.allocated[slot];
            if (status.isFree() && known != null) {
                allocations.remove(known);
                state.allocated[slot] = null;
                index.add(state.candidate(slot));
                freed = true;
            } else if (!status.isFree() && !status.allocation().equals(known)) {
                if (known == null) {
                    index.remove(status.slotId());
                } else {
                    allocations.remove(known);
                }
                state.allocated[slot] = status.allocation();
                allocations.put(status.allocation(), new Allocation(status.job(), status.allocation(), status.slotId()));
            }
        }
        return freed ? fulfilPending() : List.of();
    }

    /** Switches to another matching strategy's index, filled with the current free slots. */
    public void replaceIndex(FreeSlotIndex replacement) {
        for (Worker worker : workers.values()) {
            for (int slot = 0; slot < worker.profiles.length; slot++) {
                if (worker.allocated[slot] == null) {
                    replacement.add(worker.candidate(slot));
                }
            }
        }
        index = replacement;
    }

    // ---- views ---------------------------------------------------------------------------------------

    public int freeSlots() {
        return index.size();
    }

    public int registeredSlots() {
        int total = 0;
        for (Worker worker : workers.values()) {
            total += worker.profiles.length;
        }
        return total;
    }

    public Optional<Allocation> allocation(AllocationId allocation) {
        return Optional.ofNullable(allocations.get(allocation));
    }

    public List<PendingRequest> pendingRequests() {
        return List.copyOf(pending.values());
    }

    /** Every worker's slots, for the observability command. */
    public Map<WorkerId, List<SlotStatus>> slots() {
        Map<WorkerId, List<SlotStatus>> view = new java.util.TreeMap<>(java.util.Comparator.comparing(WorkerId::value));
        for (Worker worker : workers.values()) {
            List<SlotStatus> statuses = new ArrayList<>();
            for (int slot = 0; slot < worker.profiles.length; slot++) {
                AllocationId allocation = worker.allocated[slot];
                statuses.add(allocation == null ? SlotStatus.free(new SlotId(worker.id, slot), worker.profiles[slot])
                        : new SlotStatus(new SlotId(worker.id, slot), worker.profiles[slot],
                                allocations.get(allocation).job(), allocation));
            }
            view.put(worker.id, Collections.unmodifiableList(statuses));
        }
        return view;
    }

    /** What the cluster offers, for errors about requests that cannot be met. */
    public String describeCapacity() {
        Map<ResourceProfile, int[]> byProfile = new LinkedHashMap<>();
        for (Worker worker : workers.values()) {
            for (int slot = 0; slot < worker.profiles.length; slot++) {
                int[] counts = byProfile.computeIfAbsent(worker.profiles[slot], p -> new int[2]);
                counts[0]++;
                if (worker.allocated[slot] == null) {
                    counts[1]++;
                }
            }
        }
        if (byProfile.isEmpty()) {
            return "no registered workers";
        }
        List<String> parts = new ArrayList<>();
        byProfile.forEach((profile, counts) -> parts.add(counts[0] + (counts[0] == 1 ? " slot " : " slots ") + profile
                + " (" + counts[1] + " free)"));
        return workers.size() + " workers with " + String.join(", ", parts);
    }

    private void allocate(JobId job, AllocationId allocation, SlotId slot) {
        index.remove(slot);
        workers.get(slot.worker()).allocated[slot.index()] = allocation;
        allocations.put(allocation, new Allocation(job, allocation, slot));
    }

    /** Serves pending requests oldest first while slots fit them. */
    private List<Allocation> fulfilPending() {
        if (pending.isEmpty() || index.size() == 0) {
            return List.of();
        }
        List<Allocation> fulfilled = new ArrayList<>();
        for (Iterator<PendingRequest> requests = pending.values().iterator(); requests.hasNext() && index.size() > 0;) {
            PendingRequest request = requests.next();
            Optional<SlotCandidate> match = index.findMatch(request.profile());
            if (match.isPresent()) {
                requests.remove();
                allocate(request.job(), request.allocation(), match.get().slotId());
                fulfilled.add(allocations.get(request.allocation()));
            }
        }
        return fulfilled;
    }
}
