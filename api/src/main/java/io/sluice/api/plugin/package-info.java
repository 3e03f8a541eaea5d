/**
 * What every plugin shares: the {@link io.sluice.api.plugin.StrategyName} service property that names a
 * strategy, and {@link io.sluice.api.plugin.StrategyOptions}, the typed view of the options a job or the
 * cluster configuration passes to a strategy.
 *
 * <p>A plugin is a Declarative Services component in a bundle of its own that exports nothing and imports
 * only {@code io.sluice.api.*}. The runtime finds it by service interface and strategy name; when several
 * bundles register the same name, the highest bundle version wins, so deploying version 1.1 of a plugin
 * replaces 1.0 without touching configuration.
 */
@Export
@Version("1.2.0")
package io.sluice.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
