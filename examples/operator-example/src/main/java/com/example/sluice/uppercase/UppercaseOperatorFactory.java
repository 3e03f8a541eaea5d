package com.example.sluice.uppercase;

import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * A third-party operator type: {@code "type": "uppercase"} turns every text record into upper case and passes
 * other records on. Deployed by copying this bundle into deploy/; no Sluice code needs to know it.
 */
@Component
@OperatorType("uppercase")
public class UppercaseOperatorFactory implements OperatorFactory {

    @Override
    public OperatorKind kind() {
        return OperatorKind.TRANSFORM;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return params.isEmpty() ? Optional.empty()
                : Optional.of("takes no parameters, got " + String.join(", ", params.keySet()));
    }

    @Override
    public Operator create(OperatorContext context) {
        return (OneInputOperator) (record, out) ->
                out.collect(record instanceof String text ? text.toUpperCase(Locale.ROOT) : record);
    }
}
