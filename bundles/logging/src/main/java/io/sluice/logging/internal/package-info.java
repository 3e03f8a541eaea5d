/**
 * The Sluice part of logging, a fragment of logback-classic (Logback creates the classes that
 * {@code conf/logback.xml} names from its own class loader): the {@code %bundle} conversion word that shows the
 * bundle an entry comes from, the filter that repairs Felix Logback's events for Logback 1.5, and the listener
 * that prints Logback's own warnings to stderr. Everything else is off the shelf: the OSGi Log Service (Felix Log)
 * collects the bundles' entries, Felix Logback hands them to Logback, SLF4J loggers (Netty, Jetty) and JUL reach
 * Logback directly, and {@code conf/logback.xml} holds the appenders (the rolling {@code logs/sluice.log}, the
 * console above {@code sluice.log.console}) and the level of every logger. Nothing is exported.
 */
@Header(name = Constants.FRAGMENT_HOST, value = "ch.qos.logback.classic")
package io.sluice.logging.internal;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Constants;
