package io.sluice.registry;

/**
 * One registered strategy service: what it is, which bundle provides it, and whether it is the one a
 * lookup of its name returns ({@link State#ACTIVE}) or hidden behind a newer version ({@link State#SHADOWED}).
 */
public record PluginInfo(StrategyKind<?> kind, String name, String bundleSymbolicName, String bundleVersion,
        long bundleId, long serviceId, State state, boolean isDefault) {

    public enum State {
        /** The newest version registered under its name: lookups of the name return it. */
        ACTIVE,
        /** An older version (or a lower-ranked duplicate) of a name that has a newer provider. */
        SHADOWED
    }

    /** {@code bundle.symbolic.name 1.2.3}, as logs and listings show a plugin. */
    public String bundle() {
        return bundleSymbolicName + " " + bundleVersion;
    }
}
