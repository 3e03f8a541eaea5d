package io.sluice.resourcemanager.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.SlotMatchingStrategy;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.SlotReport;
import io.sluice.rpc.gateway.SlotStatus;
import io.sluice.slotmatcher.anyfit.AnyFitSlotMatchingStrategy;
import io.sluice.slotmatcher.bestfit.BestFitSlotMatchingStrategy;
import io.sluice.slotmatcher.pack.PackSlotMatchingStrategy;
import io.sluice.slotmatcher.spread.SpreadSlotMatchingStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotManagerTest {
    private static final JobId JOB = new JobId("job");
    private static final ResourceProfile SMALL = ResourceProfile.of(0.5, 512);
    private static final ResourceProfile LARGE = ResourceProfile.of(2, 4096);
    private static final Instant NOW = Instant.EPOCH;

    private static SlotReport freeSlots(String worker, ResourceProfile... profiles) {
        List<SlotStatus> slots = new ArrayList<>();
        for (int i = 0; i < profiles.length; i++) {
            slots.add(SlotStatus.free(new SlotId(new WorkerId(worker), i), profiles[i]));
        }
        return new SlotReport(slots);
    }

    private static String request(SlotManager slots, ResourceProfile profile) {
        return slots.requestSlot(JOB, AllocationId.next(), profile, NOW).map(SlotId::toString).orElse("pending");
    }

    @Test
    void aRequestGetsAFreeSlotAndAnUnfitRequestWaitsUntilAFittingSlotFrees() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        slots.registerWorker(new WorkerId("w1"), freeSlots("w1", SMALL));
        AllocationId first = AllocationId.next();
        assertThat(slots.requestSlot(JOB, first, SMALL, NOW)).contains(new SlotId(new WorkerId("w1"), 0));
        AllocationId second = AllocationId.next();
        assertThat(slots.requestSlot(JOB, second, SMALL, NOW)).isEmpty();
        assertThat(slots.pendingRequests()).extracting(SlotManager.PendingRequest::allocation).containsExactly(second);
        assertThat(slots.freeAllocation(first)).extracting(SlotManager.Allocation::allocation).containsExactly(second);
        assertThat(slots.pendingRequests()).isEmpty();
    }

    @Test
    void aNewWorkerFulfilsPendingRequestsOldestFirst() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        AllocationId a = AllocationId.next();
        AllocationId b = AllocationId.next();
        slots.requestSlot(JOB, a, SMALL, NOW);
        slots.requestSlot(JOB, b, SMALL, NOW);
        assertThat(slots.registerWorker(new WorkerId("w1"), freeSlots("w1", SMALL)))
                .extracting(SlotManager.Allocation::allocation).containsExactly(a);
        assertThat(slots.pendingRequests()).extracting(SlotManager.PendingRequest::allocation).containsExactly(b);
    }

    @Test
    void aLostWorkerTakesItsSlotsAndReportsTheAllocationsItServed() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        slots.registerWorker(new WorkerId("w1"), freeSlots("w1", SMALL, SMALL));
        AllocationId allocation = AllocationId.next();
        slots.requestSlot(JOB, allocation, SMALL, NOW);
        assertThat(slots.unregisterWorker(new WorkerId("w1"))).extracting(SlotManager.Allocation::allocation)
                .containsExactly(allocation);
        assertThat(slots.freeSlots()).isZero();
        assertThat(slots.registeredSlots()).isZero();
        assertThat(slots.allocation(allocation)).isEmpty();
    }

    @Test
    void aSlotReportReconcilesALostFreeMessageAndALostAllocation() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        WorkerId worker = new WorkerId("w1");
        slots.registerWorker(worker, freeSlots("w1", SMALL, SMALL));
        AllocationId allocation = AllocationId.next();
        slots.requestSlot(JOB, allocation, SMALL, NOW);
        slots.confirm(allocation);
        // the worker freed slot 0 but the message was lost; another allocation arrived on slot 1 unseen
        AllocationId elsewhere = AllocationId.next();
        slots.reconcile(worker, new SlotReport(List.of(SlotStatus.free(new SlotId(worker, 0), SMALL),
                new SlotStatus(new SlotId(worker, 1), SMALL, JOB, elsewhere))));
        assertThat(slots.allocation(allocation)).isEmpty();
        assertThat(slots.allocation(elsewhere)).map(SlotManager.Allocation::slot).contains(new SlotId(worker, 1));
        assertThat(slots.freeSlots()).isEqualTo(1);
    }

    @Test
    void aReportSentBeforeTheWorkerConfirmedAnAllocationDoesNotFreeIt() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        WorkerId worker = new WorkerId("w1");
        SlotReport allFree = freeSlots("w1", SMALL);
        slots.registerWorker(worker, allFree);
        AllocationId allocation = AllocationId.next();
        slots.requestSlot(JOB, allocation, SMALL, NOW);
        slots.reconcile(worker, allFree);
        assertThat(slots.allocation(allocation)).isPresent();
        slots.confirm(allocation);
        slots.reconcile(worker, allFree); // now it means the worker freed it and the message was lost
        assertThat(slots.allocation(allocation)).isEmpty();
    }

    @Test
    void aRefusedAllocationWaitsAgainAndItsSlotIsUnknownUntilTheNextReport() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        WorkerId worker = new WorkerId("w1");
        slots.registerWorker(worker, freeSlots("w1", SMALL));
        AllocationId allocation = AllocationId.next();
        slots.requestSlot(JOB, allocation, SMALL, NOW);
        SlotManager.Refusal refusal = slots.refuse(allocation);
        assertThat(refusal.requeued()).map(SlotManager.PendingRequest::allocation).contains(allocation);
        assertThat(refusal.fulfilled()).isEmpty(); // the refused slot is not offered again blindly
        assertThat(slots.pendingRequests()).hasSize(1);
        assertThat(slots.freeSlots()).isZero();
        // the worker's next report says the slot is free: the waiting request gets it
        assertThat(slots.reconcile(worker, freeSlots("w1", SMALL))).extracting(SlotManager.Allocation::allocation)
                .containsExactly(allocation);
    }

    @Test
    void aWithdrawnRequestIsNotPutBackWhenItsAssignmentIsRefused() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        slots.registerWorker(new WorkerId("w1"), freeSlots("w1", SMALL));
        AllocationId allocation = AllocationId.next();
        slots.requestSlot(JOB, allocation, SMALL, NOW);
        slots.cancelRequest(allocation);
        assertThat(slots.refuse(allocation).requeued()).isEmpty();
        assertThat(slots.pendingRequests()).isEmpty();
    }

    @Test
    void aRepeatedRequestGetsTheSameSlot() {
        SlotManager slots = new SlotManager(new AnyFitSlotMatchingStrategy().createIndex());
        slots.registerWorker(new WorkerId("w1"), freeSlots("w1", SMALL, SMALL));
        AllocationId allocation = AllocationId.next();
        Optional<SlotId> first = slots.requestSlot(JOB, allocation, SMALL, NOW);
        assertThat(slots.requestSlot(JOB, allocation, SMALL, NOW)).isEqualTo(first);
        assertThat(slots.freeSlots()).isEqualTo(1);
    }

    /** Two workers of two 1-core slots and one worker of one 2-core slot, w1 half used. */
    private static SlotManager mixedCluster(SlotMatchingStrategy strategy) {
        SlotManager slots = new SlotManager(strategy.createIndex());
        slots.registerWorker(new WorkerId("w1"), freeSlots("w1", SMALL, SMALL));
        slots.registerWorker(new WorkerId("w2"), freeSlots("w2", SMALL, SMALL));
        slots.registerWorker(new WorkerId("w3"), freeSlots("w3", LARGE));
        slots.requestSlot(JOB, AllocationId.next(), SMALL, NOW); // takes a slot of w1 under every strategy
        return slots;
    }

    @Test
    void eachMatcherPlacesRequestsOnAMixedClusterItsOwnWay() {
        assertThat(request(mixedCluster(new SpreadSlotMatchingStrategy()), SMALL)).startsWith("w2/");
        assertThat(request(mixedCluster(new PackSlotMatchingStrategy()), SMALL)).isEqualTo("w1/1");
        assertThat(request(mixedCluster(new BestFitSlotMatchingStrategy()), SMALL)).isNotEqualTo("w3/0");
        assertThat(request(mixedCluster(new BestFitSlotMatchingStrategy()), ResourceProfile.of(1.5, 1024)))
                .isEqualTo("w3/0");
        assertThat(request(mixedCluster(new AnyFitSlotMatchingStrategy()), LARGE)).isEqualTo("w3/0");
        assertThat(request(mixedCluster(new SpreadSlotMatchingStrategy()), ResourceProfile.of(4, 1024)))
                .isEqualTo("pending");
    }

    @Test
    void spreadKeepsWorkersEvenlyLoadedAndPackFillsOneWorkerFirst() {
        SlotManager spread = new SlotManager(new SpreadSlotMatchingStrategy().createIndex());
        SlotManager pack = new SlotManager(new PackSlotMatchingStrategy().createIndex());
        for (SlotManager slots : List.of(spread, pack)) {
            for (String worker : List.of("a", "b", "c")) {
                slots.registerWorker(new WorkerId(worker), freeSlots(worker, SMALL, SMALL, SMALL));
            }
        }
        List<String> spreadWorkers = new ArrayList<>();
        List<String> packWorkers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spreadWorkers.add(request(spread, SMALL).substring(0, 1));
            packWorkers.add(request(pack, SMALL).substring(0, 1));
        }
        assertThat(spreadWorkers).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(packWorkers).containsOnly("a");
    }

    @Test
    void swappingTheMatcherChangesTheNextAllocationButNoExistingOne() {
        SlotManager slots = new SlotManager(new PackSlotMatchingStrategy().createIndex());
        for (String worker : List.of("a", "b")) {
            slots.registerWorker(new WorkerId(worker), freeSlots(worker, SMALL, SMALL));
        }
        AllocationId packed = AllocationId.next();
        SlotId first = slots.requestSlot(JOB, packed, SMALL, NOW).orElseThrow();
        slots.replaceIndex(new SpreadSlotMatchingStrategy().createIndex());
        SlotId second = slots.requestSlot(JOB, AllocationId.next(), SMALL, NOW).orElseThrow();
        assertThat(second.worker()).isNotEqualTo(first.worker());
        assertThat(slots.allocation(packed)).map(SlotManager.Allocation::slot).contains(first);
        assertThat(slots.freeSlots()).isEqualTo(2);
    }

    @Test
    void theCapacityDescriptionNamesWhatTheClusterHas() {
        SlotManager slots = mixedCluster(new AnyFitSlotMatchingStrategy());
        assertThat(slots.describeCapacity()).isEqualTo(
                "3 workers with 4 slots {cpu=0.5, heapMb=512, managedMb=0} (3 free), 1 slot {cpu=2.0, heapMb=4096, managedMb=0} (1 free)");
    }
}
