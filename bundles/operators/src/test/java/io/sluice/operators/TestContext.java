package io.sluice.operators;

import io.sluice.api.operator.KeyedState;
import io.sluice.api.operator.OperatorContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** An {@link OperatorContext} for unit tests, with keyed state in HashMaps. */
record TestContext(String operatorId, Map<String, Object> params, int subtaskIndex, int parallelism, int attemptNumber,
                   Map<String, KeyedState<?>> states) implements OperatorContext {

    TestContext(String operatorId, Map<String, Object> params, int subtaskIndex, int parallelism, int attemptNumber) {
        this(operatorId, params, subtaskIndex, parallelism, attemptNumber, new HashMap<>());
    }

    /** Subtask 0 of 1, first attempt. */
    static TestContext of(String operatorId, Map<String, Object> params) {
        return new TestContext(operatorId, params, 0, 1, 0);
    }

    TestContext subtask(int index, int parallelism) {
        return new TestContext(operatorId, params, index, parallelism, attemptNumber);
    }

    TestContext attempt(int number) {
        return new TestContext(operatorId, params, subtaskIndex, parallelism, number);
    }

    @Override
    public String jobName() {
        return "test";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> KeyedState<V> keyedState(String name) {
        return (KeyedState<V>) states.computeIfAbsent(name, n -> new HashMapState<V>());
    }

    static final class HashMapState<V> implements KeyedState<V> {
        private final Map<Object, V> values = new HashMap<>();

        @Override
        public V get(Object key) {
            return values.get(key);
        }

        @Override
        public void put(Object key, V value) {
            values.put(key, value);
        }

        @Override
        public void forEach(BiConsumer<Object, V> action) {
            values.forEach(action);
        }
    }
}
