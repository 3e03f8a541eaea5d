/**
 * The network transport (DESIGN §8): {@link io.sluice.transport.NettyRpcService} carries gateway calls between
 * processes as length-prefixed frames with an explicit, versioned CBOR schema, over connections authenticated by
 * the cluster secret ({@link io.sluice.transport.ClusterSecret}) or mutual TLS.
 */
@Export
@Version("2.1.0")
package io.sluice.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
