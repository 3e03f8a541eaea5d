/**
 * The data plane between worker processes (DESIGN §4, §8). Each worker serves the subpartitions it holds on its
 * data port ({@link io.sluice.network.PartitionServer}); a consumer on another worker reads one through a
 * {@link io.sluice.network.RemoteChannel}, all channels to one worker sharing one authenticated connection
 * ({@link io.sluice.network.PartitionClient}). Flow control is credit-based, as Flink's since 1.5: a channel has
 * exclusive buffers, its gate a few floating ones; the receiver announces a credit for every buffer it has
 * free, and the sender sends a batch only against a credit, telling its backlog so that the receiver can lend a
 * floating buffer. Every buffer is a fixed-size segment of one bounded {@link io.sluice.network.NetworkBufferPool}
 * per worker, on both sides, so a worker's network memory is bounded whatever the record rate, the number of
 * channels or a slow consumer.
 *
 * <p>Exported for the TaskExecutor only; not part of the plugin API.
 */
@Export
@Version("0.1.0")
package io.sluice.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
