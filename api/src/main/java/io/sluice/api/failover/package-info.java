/**
 * The failure-recovery SPI. A {@link io.sluice.api.failover.FailoverStrategy} decides <em>which</em> tasks
 * restart after a task fails; a {@link io.sluice.api.failover.RestartBackoffStrategy} decides <em>whether
 * and when</em>. Both are provided as factory services named with
 * {@link io.sluice.api.plugin.StrategyName}; a job chooses them with its {@code failover} and
 * {@code restart.strategy} options.
 */
@Export
@Version("1.0.0")
package io.sluice.api.failover;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
