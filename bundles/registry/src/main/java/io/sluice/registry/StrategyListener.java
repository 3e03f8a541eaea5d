package io.sluice.registry;

/**
 * Told when the provider of a name changes — a first, newer or replacement version registered, or the last
 * one left — and when the cluster default of a kind changes (with the new default's name). Called on the thread that changed the service registry; hop to your own main thread before
 * touching state, and look the strategy up again there.
 */
@FunctionalInterface
public interface StrategyListener {

    void strategyChanged(StrategyKind<?> kind, String name);
}
