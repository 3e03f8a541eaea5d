package io.sluice.api.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ResourceProfile;
import org.junit.jupiter.api.Test;

class FreeSlotIndexBuildingBlocksTest {
    private static final ResourceProfile SMALL = ResourceProfile.of(0.5, 256);
    private static final ResourceProfile LARGE = ResourceProfile.of(2, 2048);

    private static SlotCandidate slot(String worker, int index, ResourceProfile profile, int workerSlots) {
        return new SlotCandidate(new SlotId(new WorkerId(worker), index), profile, workerSlots);
    }

    @Test
    void smallestFirstBucketsGiveTheSmallestCoveringSlot() {
        ProfileBucketIndex index = new ProfileBucketIndex(ProfileBucketIndex.SMALLEST_FIRST);
        index.add(slot("w", 0, LARGE, 2));
        index.add(slot("w", 1, SMALL, 2));
        assertThat(index.findMatch(ResourceProfile.of(0.25, 128))).map(SlotCandidate::profile).contains(SMALL);
        assertThat(index.findMatch(ResourceProfile.of(1, 128))).map(SlotCandidate::profile).contains(LARGE);
        assertThat(index.findMatch(ResourceProfile.of(4, 128))).isEmpty();
        index.remove(new SlotId(new WorkerId("w"), 1));
        assertThat(index.findMatch(ResourceProfile.UNKNOWN)).map(SlotCandidate::profile).contains(LARGE);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void utilisationOrderIsKeptAsSlotsComeAndGo() {
        WorkerUtilisationIndex spread = new WorkerUtilisationIndex(true);
        WorkerUtilisationIndex pack = new WorkerUtilisationIndex(false);
        for (WorkerUtilisationIndex index : new WorkerUtilisationIndex[] {spread, pack}) {
            index.add(slot("busy", 0, SMALL, 4)); // 3 of 4 slots used
            index.add(slot("idle", 0, SMALL, 2));
            index.add(slot("idle", 1, SMALL, 2)); // unused
        }
        assertThat(spread.findMatch(SMALL)).map(SlotCandidate::worker).contains(new WorkerId("idle"));
        assertThat(pack.findMatch(SMALL)).map(SlotCandidate::worker).contains(new WorkerId("busy"));
        spread.remove(new SlotId(new WorkerId("idle"), 0));
        spread.remove(new SlotId(new WorkerId("idle"), 1));
        assertThat(spread.findMatch(SMALL)).map(SlotCandidate::worker).contains(new WorkerId("busy"));
        assertThat(spread.size()).isEqualTo(1);
        spread.remove(new SlotId(new WorkerId("busy"), 0));
        assertThat(spread.findMatch(SMALL)).isEmpty();
        assertThat(spread.size()).isZero();
    }

    @Test
    void utilisationIndexSkipsWorkersWithoutAFittingSlot() {
        WorkerUtilisationIndex spread = new WorkerUtilisationIndex(true);
        spread.add(slot("small", 0, SMALL, 1));
        spread.add(slot("large", 0, LARGE, 2));
        assertThat(spread.findMatch(ResourceProfile.of(1, 1024))).map(SlotCandidate::worker).contains(new WorkerId("large"));
    }
}
