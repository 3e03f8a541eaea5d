/**
 * The scheduling SPI: a {@link io.sluice.api.scheduling.SchedulingStrategy} decides <em>when</em> each task
 * of a job is deployed, reading the job through the read-only
 * {@link io.sluice.api.scheduling.SchedulingTopology} view and acting only through
 * {@link io.sluice.api.scheduling.SchedulerOperations}. Strategies are provided as
 * {@link io.sluice.api.scheduling.SchedulingStrategyFactory} services named with
 * {@link io.sluice.api.plugin.StrategyName}; a job chooses one with its {@code scheduler} option.
 *
 * <p>Views are implemented by the runtime ({@code @ProviderType}); factories and strategies by plugins
 * ({@code @ConsumerType}).
 */
@Export
@Version("1.1.0")
package io.sluice.api.scheduling;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
