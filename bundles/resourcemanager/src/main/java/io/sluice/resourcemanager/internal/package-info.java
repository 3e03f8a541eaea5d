/** The ResourceManager's internals: the SlotManager and the endpoint; nothing is exported. */
package io.sluice.resourcemanager.internal;
