/**
 * The slot-matching SPI: the ResourceManager's SlotManager asks a
 * {@link io.sluice.api.slot.SlotMatchingStrategy} which free slot of the cluster a request gets. The
 * strategy builds a {@link io.sluice.api.slot.FreeSlotIndex} that the SlotManager keeps up to date, so a
 * match never has to scan every worker. The cluster chooses its strategy with the {@code slot-matcher}
 * option.
 */
@Export
@Version("1.0.0")
package io.sluice.api.slot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
