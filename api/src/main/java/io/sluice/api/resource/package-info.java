/**
 * The resource-provider SPI: how the ResourceManager gets workers. An <em>active</em>
 * {@link io.sluice.api.resource.ResourceProvider} starts a worker when no free slot fits a request and
 * stops it when idle; a passive one only accepts workers that register themselves. The cluster chooses
 * its provider with the {@code resource-provider} option.
 */
@Export
@Version("1.2.0")
package io.sluice.api.resource;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
