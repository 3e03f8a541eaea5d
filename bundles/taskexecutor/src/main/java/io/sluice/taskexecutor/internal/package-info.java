/** The TaskExecutor's internals: its slot table and endpoint; nothing is exported. */
package io.sluice.taskexecutor.internal;
