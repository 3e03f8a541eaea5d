package io.sluice.slotmatcher.anyfit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.SlotCandidate;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import org.junit.jupiter.api.Test;

class AnyFitSlotMatchingStrategyTest {
    private static final ResourceProfile SMALL = ResourceProfile.of(0.5, 256);
    private static final ResourceProfile LARGE = ResourceProfile.of(2, 2048);

    private static SlotCandidate slot(String worker, int index, ResourceProfile profile) {
        return new SlotCandidate(new SlotId(new WorkerId(worker), index), profile, 2);
    }

    @Test
    void matchesOnlySlotsWhoseResourcesCoverTheRequest() {
        FreeSlotIndex index = new AnyFitSlotMatchingStrategy().createIndex();
        index.add(slot("w1", 0, SMALL));
        assertThat(index.findMatch(ResourceProfile.of(1, 512))).isEmpty();
        index.add(slot("w2", 0, LARGE));
        assertThat(index.findMatch(ResourceProfile.of(1, 512))).map(SlotCandidate::slotId)
                .contains(new SlotId(new WorkerId("w2"), 0));
        assertThat(index.findMatch(ResourceProfile.UNKNOWN)).isPresent();
    }

    @Test
    void removedSlotsAreNeverMatchedAndSizeTracksTheFreeSlots() {
        FreeSlotIndex index = new AnyFitSlotMatchingStrategy().createIndex();
        index.add(slot("w1", 0, SMALL));
        index.add(slot("w1", 1, SMALL));
        index.add(slot("w1", 1, SMALL));
        assertThat(index.size()).isEqualTo(2);
        index.remove(new SlotId(new WorkerId("w1"), 0));
        assertThat(index.findMatch(SMALL)).map(SlotCandidate::slotId).contains(new SlotId(new WorkerId("w1"), 1));
        index.remove(new SlotId(new WorkerId("w1"), 1));
        index.remove(new SlotId(new WorkerId("w1"), 1));
        assertThat(index.findMatch(ResourceProfile.UNKNOWN)).isEmpty();
        assertThat(index.size()).isZero();
    }
}
