package io.sluice.operators;

import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code rolling-sum} (keyed): sums integer values per key and emits the updated Pair (key, sum) for every
 * record, nothing at the end.
 */
@Component
@OperatorType("rolling-sum")
public class RollingSumFactory implements OperatorFactory {

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
        return new KeyedSum(true);
    }
}
