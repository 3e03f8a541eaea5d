package io.sluice.api.operator;

import org.osgi.annotation.versioning.ConsumerType;

/** The head of a source task: produces records without input. */
@ConsumerType
public interface SourceOperator extends Operator {

    /**
     * Emits the next few records — a bounded number, so that the task can react to cancellation between
     * calls — and returns {@code false} once the source is exhausted.
     */
    boolean emitNext(Collector out) throws Exception;
}
