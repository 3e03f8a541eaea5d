package io.sluice.api.operator;

/** Where an operator can stand in a job: at the start, in the middle, or at the end. */
public enum OperatorKind {
    /** Has no input; implements {@link SourceOperator}. */
    SOURCE,
    /** One input, emits records; implements {@link OneInputOperator}. */
    TRANSFORM,
    /** One input, emits nothing; implements {@link SinkOperator}. */
    SINK
}
