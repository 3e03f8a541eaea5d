package io.sluice.api.operator;

import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates the operators of one type. Registered as a service with the property {@link #TYPE}; a job file's
 * {@code "type"} names it. A newer version of the same type replaces the older one for tasks deployed
 * afterwards; running tasks keep the instance they have.
 *
 * <p><b>Threading:</b> {@link #validate} is called when a job is compiled, {@link #create} on the thread of
 * each task that runs the operator; both concurrently for different jobs and tasks, so the factory keeps no
 * mutable state.
 */
@ConsumerType
public interface OperatorFactory {

    /** Service property: the type name job files use, e.g. {@code sequence-source}. */
    String TYPE = "sluice.operator.type";

    OperatorKind kind();

    /**
     * Why these parameters cannot work, or empty. Checked at compilation so that a bad job is rejected before
     * anything runs: name the parameter and what it must be.
     */
    default Optional<String> validate(Map<String, Object> params, int parallelism) {
        return Optional.empty();
    }

    /** A new instance for one subtask: a {@link SourceOperator}, {@link OneInputOperator} or {@link SinkOperator} as {@link #kind()} says. */
    Operator create(OperatorContext context);
}
