package io.sluice.api.operator;

import org.osgi.annotation.versioning.ConsumerType;

/** The end of a job: consumes records and emits nothing. */
@ConsumerType
public interface SinkOperator extends Operator {

    void write(Object record) throws Exception;

    /**
     * The input is exhausted: make the output visible (commit). Not called on failure or cancel, so output of
     * an attempt that did not finish never becomes visible.
     */
    default void finish() throws Exception {
    }
}
