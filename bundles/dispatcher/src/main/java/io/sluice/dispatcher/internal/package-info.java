/** The Dispatcher endpoint and its platform component; nothing is exported. */
package io.sluice.dispatcher.internal;
