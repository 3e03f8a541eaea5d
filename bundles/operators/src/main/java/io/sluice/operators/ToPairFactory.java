package io.sluice.operators;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import io.sluice.api.operator.Pair;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code to-pair {keys}}: an integer x to the Pair (x floorMod keys, x) of Longs; floorMod, so that negative x
 * get keys in 0..keys-1 too.
 */
@Component
@OperatorType("to-pair")
public class ToPairFactory implements OperatorFactory {

    @Override
    public OperatorKind kind() {
        return OperatorKind.TRANSFORM;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return Params.unknown(params, "keys").or(() -> Params.integer(params, "keys", 1, Long.MAX_VALUE, "an integer >= 1"));
    }

    @Override
    public Operator create(OperatorContext context) {
        return new ToPair(context.operatorId(), Params.toLong(Params.checked(this, context).get("keys")));
    }

    static final class ToPair implements OneInputOperator {
        private final String operatorId;
        private final long keys;

        ToPair(String operatorId, long keys) {
            this.operatorId = operatorId;
            this.keys = keys;
        }

        @Override
        public void processRecord(Object record, Collector out) {
            long x = Values.longValue(record, operatorId);
            // a Long record is reused as the value: it is immutable, and one allocation fewer per record
            out.collect(new Pair(Math.floorMod(x, keys), record instanceof Long boxed ? boxed : Long.valueOf(x)));
        }
    }
}
