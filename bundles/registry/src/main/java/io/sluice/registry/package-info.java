/**
 * The runtime's view of the installed strategy plugins. {@link io.sluice.registry.StrategyRegistry} tracks
 * every strategy service by {@link io.sluice.registry.StrategyKind kind} and name, resolves a name to the
 * newest version registered under it, falls back to the cluster's configured default, and tells
 * {@link io.sluice.registry.StrategyListener listeners} when a name's provider changes so that running
 * jobs can re-create their strategies. Used by runtime bundles only; plugins never see it.
 */
@Export
@Version("1.0.0")
package io.sluice.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
