package io.sluice.api.operator;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What an operator instance knows about where it runs. */
@ProviderType
public interface OperatorContext {

    String jobName();

    /** The operator's id in the job file. */
    String operatorId();

    /** The operator's parameters from the job file (strings, numbers and booleans). */
    Map<String, Object> params();

    /** 0-based index of this subtask. */
    int subtaskIndex();

    int parallelism();

    /** 0 for the first execution of this subtask, incremented by every restart. */
    int attemptNumber();

    /** Per-key state named {@code name}, created empty on first use. */
    <V> KeyedState<V> keyedState(String name);
}
