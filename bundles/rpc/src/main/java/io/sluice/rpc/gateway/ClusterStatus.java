package io.sluice.rpc.gateway;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.WorkerId;
import java.time.Duration;
import java.util.List;

/** What the ResourceManager knows: every worker with its slots, and the requests waiting, with their age. */
public record ClusterStatus(List<Worker> workers, List<PendingRequest> pending, boolean startsWorkers) {
    public ClusterStatus {
        workers = List.copyOf(workers);
        pending = List.copyOf(pending);
    }

    public record Worker(WorkerId id, List<SlotStatus> slots) {
        public Worker {
            slots = List.copyOf(slots);
        }
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
