package io.sluice.operators;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.KeyedState;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import io.sluice.api.operator.Pair;
import io.sluice.api.operator.Records;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code count} (keyed): counts the records of each key ({@link Records#key}) and emits Pair (key, count) per
 * key when the input ends.
 */
@Component
@OperatorType("count")
public class CountFactory implements OperatorFactory {

    @Override
    public OperatorKind kind() {
        return OperatorKind.TRANSFORM;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return Params.unknown(params);
    }

    @Override
    public Operator create(OperatorContext context) {
        Params.checked(this, context);
        return new Count();
    }

    static final class Count implements OneInputOperator {
        private KeyedState<Long> counts;

        @Override
        public void open(OperatorContext context) {
            counts = context.keyedState("count");
        }

        @Override
        public void processRecord(Object record, Collector out) {
            Object key = Records.key(record);
            Long count = counts.get(key);
            counts.put(key, count == null ? 1L : count + 1);
        }

        @Override
        public void finish(Collector out) {
            counts.forEach((key, count) -> out.collect(new Pair(key, count)));
        }
    }
}
