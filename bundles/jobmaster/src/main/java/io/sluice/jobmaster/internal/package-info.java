/** The JobMaster's internals: for now its slot-facing part, the SlotPool; nothing is exported. */
package io.sluice.jobmaster.internal;
