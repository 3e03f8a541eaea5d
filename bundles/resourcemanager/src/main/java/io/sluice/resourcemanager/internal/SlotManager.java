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
    /**
     * Allocations handed to a TaskExecutor that has not confirmed them yet, with their requests: a slot report
     * sent before the TaskExecutor saw the assignment must not free them, and a refusal puts the request back.
     */
    private final Map<AllocationId, PendingRequest> unconfirmed = new HashMap<>();
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
        /** Slots whose state the worker contradicted (it refused an assignment): neither free nor allocated here until its next report. */
        final boolean[] unknown;

        Worker(WorkerId id, List<ResourceProfile> profiles) {
            this.id = id;
            this.profiles = profiles.toArray(ResourceProfile[]::new);
            this.allocated = new AllocationId[profiles.size()];
            this.unknown = new boolean[profiles.size()];
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
            if (state.allocated[slot] != null) {
                unconfirmed.remove(state.allocated[slot]);
                lost.add(allocations.remove(state.allocated[slot]));
            } else if (!state.unknown[slot]) {
                index.remove(new SlotId(worker, slot));
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
        allocate(new PendingRequest(job, allocation, profile, now), match.get().slotId());
        return Optional.of(match.get().slotId());
    }

    /**
     * Withdraws a request (cancelled or timed out); returns it if it was pending. An allocation already handed to
     * a TaskExecutor stays until the slot is freed, but is no longer put back if the TaskExecutor refuses it.
     */
    public Optional<PendingRequest> cancelRequest(AllocationId allocation) {
        unconfirmed.remove(allocation);
        return Optional.ofNullable(pending.remove(allocation));
    }

    /** The TaskExecutor accepted the allocation: from now on its slot reports include it. */
    public void confirm(AllocationId allocation) {
        unconfirmed.remove(allocation);
    }

    /**
     * The TaskExecutor refused the allocation (or could not be reached): its slot's state is unknown until the
     * worker's next report, and the request, unless withdrawn meanwhile, waits again. Returns the request put back
     * and the requests then fulfilled, which include it when another slot fits.
     */
    public Refusal refuse(AllocationId allocation) {
        PendingRequest request = unconfirmed.remove(allocation);
        Allocation existing = allocations.remove(allocation);
        if (existing != null) {
            Worker state = workers.get(existing.slot().worker());
            if (state != null && allocation.equals(state.allocated[existing.slot().index()])) {
                state.allocated[existing.slot().index()] = null;
                state.unknown[existing.slot().index()] = true;
            }
        }
        if (request == null) {
            return new Refusal(Optional.empty(), List.of());
        }
        pending.put(allocation, request);
        return new Refusal(Optional.of(request), fulfilPending());
    }

    /** What {@link #refuse} did: the request that waits again (if any) and the requests fulfilled at once. */
    public record Refusal(Optional<PendingRequest> requeued, List<Allocation> fulfilled) {
    }

    /** The slot became free: it returns to the index and may fulfil pending requests, which are returned. */
    public List<Allocation> freeSlot(SlotId slot) {
        Worker state = workers.get(slot.worker());
        if (state == null || slot.index() < 0 || slot.index() >= state.profiles.length) {
            return List.of();
        }
        if (state.allocated[slot.index()] != null) {
            unconfirmed.remove(state.allocated[slot.index()]);
            allocations.remove(state.allocated[slot.index()]);
            state.allocated[slot.index()] = null;
        } else if (!state.unknown[slot.index()]) {
            return List.of(); // free already
        }
        state.unknown[slot.index()] = false;
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
            if (state.unknown[slot]) {
                state.unknown[slot] = false; // the report settles it
                if (status.isFree()) {
                    index.add(state.candidate(slot));
                    freed = true;
                } else {
                    state.allocated[slot] = status.allocation();
                    allocations.put(status.allocation(), new Allocation(status.job(), status.allocation(), status.slotId()));
                }
            } else if (status.isFree() && known != null && unconfirmed.containsKey(known)) {
                continue; // the report was sent before the worker saw our assignment
            } else if (status.isFree() && known != null) {
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
                if (worker.allocated[slot] == null && !worker.unknown[slot]) {
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
                if (worker.allocated[slot] == null && !worker.unknown[slot]) {
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

    private void allocate(PendingRequest request, SlotId slot) {
        index.remove(slot);
        workers.get(slot.worker()).allocated[slot.index()] = request.allocation();
        allocations.put(request.allocation(), new Allocation(request.job(), request.allocation(), slot));
        unconfirmed.put(request.allocation(), request);
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
                allocate(request, match.get().slotId());
                fulfilled.add(allocations.get(request.allocation()));
            }
        }
        return fulfilled;
    }
}
