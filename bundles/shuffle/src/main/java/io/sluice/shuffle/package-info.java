/**
 * The data plane inside a worker. A producing task writes through a {@link io.sluice.shuffle.RecordWriter}
 * (partitioner plus per-channel batching) into a {@link io.sluice.shuffle.ResultPartition} with one
 * subpartition per consumer channel; a consuming task reads every channel of an input through an
 * {@link io.sluice.shuffle.InputGate}. Pipelined subpartitions are bounded single-producer single-consumer
 * queues of record batches, so a slow consumer stops its producer (back-pressure); blocking subpartitions keep
 * their serialised batches in memory up to a budget, spill the rest to files, and can be read any number of
 * times once complete. Consumers find partitions in the {@link io.sluice.shuffle.PartitionRegistry} of the
 * workers in this JVM.
 *
 * <p>Exported for the TaskExecutor only; not part of the plugin API.
 */
@Export
@Version("0.1.0")
package io.sluice.shuffle;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
