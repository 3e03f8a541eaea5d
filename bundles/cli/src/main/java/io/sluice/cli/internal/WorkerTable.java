package io.sluice.cli.internal;

import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.SlotStatus;
import java.util.ArrayList;
import java.util.List;

/** Renders the ResourceManager's view: a row per slot, then the pending requests with their age. */
final class WorkerTable {
    private WorkerTable() {
    }

    static String render(ClusterStatus status) {
        StringBuilder out = new StringBuilder();
        if (status.workers().isEmpty()) {
            out.append("no workers are registered").append(System.lineSeparator());
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"WORKER", "SLOT", "RESOURCES", "STATE"});
            for (ClusterStatus.Worker worker : status.workers()) {
                for (SlotStatus slot : worker.slots()) {
                    rows.add(new String[] {worker.id().value(), Integer.toString(slot.slotId().index()),
                            slot.profile().toString(), slot.isFree() ? "free"
                                    : "allocated to job " + slot.job() + " (" + slot.allocation() + ")"});
                }
            }
            out.append(Tables.render(rows));
        }
        out.append(System.lineSeparator()).append(status.pending().size()).append(" pending slot requests")
                .append(System.lineSeparator());
        if (!status.pending().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"JOB", "ALLOCATION", "RESOURCES", "WAITING"});
            for (ClusterStatus.PendingRequest request : status.pending()) {
                rows.add(new String[] {request.job().value(), request.allocation().value(), request.profile().toString(),
                        request.age().toSeconds() + " s"});
            }
            out.append(Tables.render(rows));
        }
        return out.toString();
    }
}
