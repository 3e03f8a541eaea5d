package io.sluice.api.operator;

import org.osgi.annotation.versioning.ConsumerType;

/** An operator with one input that emits records: maps, filters, reduces. */
@ConsumerType
public interface OneInputOperator extends Operator {

    void processRecord(Object record, Collector out) throws Exception;

    /** The input is exhausted: emit what was held back (final sums, counts). Not called on failure or cancel. */
    default void finish(Collector out) throws Exception {
    }
}
