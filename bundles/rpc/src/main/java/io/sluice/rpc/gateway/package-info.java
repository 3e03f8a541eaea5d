/**
 * The gateways runtime components call each other through, and the messages they carry. They live in this
 * one package so that transports (in-process now, network later) and every component agree on them.
 * Every method returns a {@code CompletableFuture} or nothing (a one-way message) and runs on the target's
 * main thread.
 */
@Export
@Version("3.2.0")
package io.sluice.rpc.gateway;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
