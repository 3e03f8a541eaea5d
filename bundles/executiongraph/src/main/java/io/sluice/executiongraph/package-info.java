/**
 * The {@link io.sluice.executiongraph.ExecutionGraph}: a JobGraph expanded by parallelism into execution
 * vertices and result partitions, which is also the {@link io.sluice.api.scheduling.SchedulingTopology}
 * that scheduling and failover plugins read. Connections are stored as groups over contiguous index
 * ranges, so an all-to-all edge between 4,000 and 4,000 tasks costs two small objects, not 16 million;
 * pipelined regions are computed once, with union-find, in time linear in tasks and job edges.
 * Everything here is owned by one JobMaster main thread and is not thread-safe.
 */
@Export
@Version("1.0.0")
package io.sluice.executiongraph;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
