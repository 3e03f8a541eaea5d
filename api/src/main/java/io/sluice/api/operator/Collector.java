package io.sluice.api.operator;

import org.osgi.annotation.versioning.ProviderType;

/** Takes the records an operator emits, on the task's thread. The record must not be changed afterwards. */
@ProviderType
public interface Collector {
    void collect(Object record);
}
