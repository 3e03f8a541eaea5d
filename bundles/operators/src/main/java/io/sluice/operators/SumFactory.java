package io.sluice.operators;

import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** {@code sum} (keyed): sums integer values per key and emits one Pair (key, sum) per key when the input ends. */
@Component
@OperatorType("sum")
public class SumFactory implements OperatorFactory {

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
        return new KeyedSum(false);
    }
}
