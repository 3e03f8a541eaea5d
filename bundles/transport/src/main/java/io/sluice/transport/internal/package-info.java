/** Wire schema internals of the transport. */
package io.sluice.transport.internal;
