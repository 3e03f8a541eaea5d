package io.sluice.api.slot;

import io.sluice.api.job.ResourceProfile;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The free slots of a cluster, organised the way one matching strategy needs them. The SlotManager adds a
 * slot when it becomes free and removes it when it is allocated or its worker is lost, so the index always
 * holds exactly the free slots. Matching must not scan every slot: a cluster may have 100,000.
 *
 * <p><b>Threading:</b> owned by one ResourceManager and called only on its main thread; no locking needed.
 */
@ConsumerType
public interface FreeSlotIndex {

    void add(SlotCandidate slot);

    /** Removes the slot; a slot that is not in the index is ignored. */
    void remove(SlotId slot);

    /** The free slot the request should get, if any fits. Does not remove it. */
    Optional<SlotCandidate> findMatch(ResourceProfile request);

    int size();
}
