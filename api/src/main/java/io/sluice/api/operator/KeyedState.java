package io.sluice.api.operator;

import java.util.function.BiConsumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Per-key state of one subtask of a keyed operator, kept in memory for the life of one execution attempt: a
 * restarted attempt starts empty and rebuilds it from its replayed input. Used on the task's thread only.
 */
@ProviderType
public interface KeyedState<V> {

    /** The value of {@code key}, or {@code null}. */
    V get(Object key);

    void put(Object key, V value);

    /** Every key with its value, in no particular order. */
    void forEach(BiConsumer<Object, V> action);
}
