package io.sluice.api.slot;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A slot-matching plugin, registered as a service with a {@link io.sluice.api.plugin.StrategyName}.
 *
 * <p><b>Threading:</b> called on the ResourceManager's main thread; must not block. <b>State:</b> none in
 * the strategy itself; each SlotManager owns the index it creates. When the plugin is swapped, the
 * SlotManager creates a new index, fills it with the current free slots and uses it for the next request;
 * slots already allocated stay where they are.
 */
@ConsumerType
public interface SlotMatchingStrategy {

    FreeSlotIndex createIndex();
}
