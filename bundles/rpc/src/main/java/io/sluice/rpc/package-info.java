/**
 * How runtime components run and talk (DESIGN §4). Every component is an endpoint with one
 * {@link io.sluice.rpc.MainThreadExecutor}: its state is touched only there, so component code needs no
 * locks. Components call each other only through gateway interfaces ({@code io.sluice.rpc.gateway}) whose
 * methods return {@code CompletableFuture}; an {@link io.sluice.rpc.RpcService} turns such a call into a task
 * on the target's main thread. Time comes from the executor, so {@link io.sluice.rpc.ManualScheduler} can
 * drive a whole cluster deterministically in tests: heartbeat timeouts and backoffs without sleeping.
 */
@Export
@Version("2.2.0")
package io.sluice.rpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
