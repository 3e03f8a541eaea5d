package io.sluice.rpc.gateway;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.ProfileBucketIndex;
import io.sluice.api.slot.WorkerId;
import java.time.Duration;
import java.util.List;

/**
 * What the ResourceManager knows: every worker with its slots, and the requests waiting, with their age.
 *
 * @param newWorkerSlot the slot of the workers the resource provider starts on demand; {@code null} when it
 *        starts none
 */
public record ClusterStatus(List<Worker> workers, List<PendingRequest> pending, ResourceProfile newWorkerSlot) {
    public ClusterStatus {
        workers = List.copyOf(workers);
        pending = List.copyOf(pending);
    }

    /** A cluster whose resource provider starts no workers. */
    public ClusterStatus(List<Worker> workers, List<PendingRequest> pending) {
        this(workers, pending, null);
    }

    /** Whether the resource provider starts workers when nothing fits. */
    public boolean startsWorkers() {
        return newWorkerSlot != null;
    }

    /** Whether some slot the cluster has, or the slot of a worker it can start, covers {@code request}. */
    public boolean canEverServe(ResourceProfile request) {
        if (newWorkerSlot != null && newWorkerSlot.covers(request)) {
            return true;
        }
        for (Worker worker : workers) {
            for (SlotStatus slot : worker.slots()) {
                if (slot.profile().covers(request)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The slot profiles the cluster has or can start, smallest first, for errors about requests none can serve. */
    public List<ResourceProfile> slotProfiles() {
        java.util.Set<ResourceProfile> profiles = new java.util.TreeSet<>(ProfileBucketIndex.SMALLEST_FIRST);
        workers.forEach(worker -> worker.slots().forEach(slot -> profiles.add(slot.profile())));
        if (newWorkerSlot != null) {
            profiles.add(newWorkerSlot);
        }
        return List.copyOf(profiles);
    }

    public record Worker(WorkerId id, List<SlotStatus> slots) {
        public Worker {
            slots = List.copyOf(slots);
        }

        /** Slots of this worker no job holds. */
        public int freeSlots() {
            int free = 0;
            for (SlotStatus slot : slots) {
                free += slot.isFree() ? 1 : 0;
            }
            return free;
        }
    }

    /** Free slots of every registered worker. */
    public int freeSlots() {
        int free = 0;
        for (Worker worker : workers) {
            free += worker.freeSlots();
        }
        return free;
    }

    /** Slots of every registered worker. */
    public int totalSlots() {
        int total = 0;
        for (Worker worker : workers) {
            total += worker.slots().size();
        }
        return total;
    }

    public record PendingRequest(JobId job, AllocationId allocation, ResourceProfile profile, Duration age) {
    }
}
