/**
 * The job model shared by client, runtime and plugins: a {@link io.sluice.api.job.JobGraph} of chained
 * {@link io.sluice.api.job.JobVertex job vertices} connected through
 * {@link io.sluice.api.job.IntermediateDataSet intermediate data sets}, the identifiers of the expanded
 * execution graph, and the state enums of jobs and executions. Everything here is immutable once built,
 * so it can be shared between threads and handed to plugins without copying.
 */
@Export
@Version("1.2.0")
package io.sluice.api.job;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
