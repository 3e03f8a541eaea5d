/**
 * The {@code sluice} commands. The launcher starts the platform with the framework property
 * {@code sluice.command}; {@link io.sluice.cli.internal.CommandLauncher} waits for the platform to settle,
 * runs the command once with picocli and exits the JVM with its status. The Gogo shell offers the same
 * commands under the {@code sluice:} scope on a running platform. Nothing is exported.
 */
package io.sluice.cli.internal;
