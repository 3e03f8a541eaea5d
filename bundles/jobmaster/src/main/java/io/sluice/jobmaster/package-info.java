/**
 * How the Dispatcher starts a job's JobMaster without knowing how one is built: the {@link JobMasterFactory}
 * service (Flink's JobManagerRunnerFactory). Everything else of the JobMaster stays internal.
 */
@Export
@Version("1.1.0")
package io.sluice.jobmaster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
