/**
 * The operator API: what a job's operators are made of. An operator bundle registers
 * {@link io.sluice.api.operator.OperatorFactory} services, each with the service property
 * {@value io.sluice.api.operator.OperatorFactory#TYPE} naming the type a job file refers to; a TaskExecutor
 * creates one operator per subtask and drives it from the task's thread.
 *
 * <p>Records are plain Java values. Those that cross an exchange must be of a type the runtime can
 * serialise: {@code Long}, {@code Integer}, {@code Double}, {@code Boolean}, {@code String}, or a
 * {@link io.sluice.api.operator.Pair} of such values. Keyed operators and the {@code hash} partitioner key a
 * record by {@link io.sluice.api.operator.Records#key(Object)}: a pair's key, otherwise the record itself.
 */
@Export
@Version("1.0.0")
package io.sluice.api.operator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
