/** Writes the framework's log (OSGi Log Service) to a file and to the console; nothing is exported. */
package io.sluice.logging.internal;
