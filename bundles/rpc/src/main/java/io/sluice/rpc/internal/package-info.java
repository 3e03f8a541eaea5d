/** The configuration of the in-process transport. */
package io.sluice.rpc.internal;
