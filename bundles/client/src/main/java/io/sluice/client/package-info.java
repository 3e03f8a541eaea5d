/**
 * The client side of a job: {@link io.sluice.client.JobFiles} reads a JSON job file into a
 * {@link io.sluice.client.JobSpec} (operators and edges as the user wrote them), and
 * {@link io.sluice.client.JobCompiler} checks it and compiles it into a {@link io.sluice.api.job.JobGraph},
 * chaining operators that can share a thread. Errors name the job, the element and the rule.
 */
@Export
@Version("1.0.0")
package io.sluice.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
