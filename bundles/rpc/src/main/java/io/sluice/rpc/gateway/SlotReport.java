package io.sluice.rpc.gateway;

import java.util.List;

/** Every slot of a TaskExecutor, sent at registration and with each heartbeat so drifted state reconciles. */
public record SlotReport(List<SlotStatus> slots) {
    public SlotReport {
        slots = List.copyOf(slots);
    }
}
