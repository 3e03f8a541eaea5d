package io.sluice.api.operator;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One subtask's instance of an operator, driven by the task's single thread: {@link #open}, then records,
 * then the end of input, then {@link #close} — which is also called when the task fails or is cancelled, so
 * it must release whatever {@code open} acquired and discard uncommitted output.
 */
@ConsumerType
public interface Operator {

    default void open(OperatorContext context) throws Exception {
    }

    default void close() throws Exception {
    }
}
