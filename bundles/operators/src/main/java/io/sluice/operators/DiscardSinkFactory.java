package io.sluice.operators;

import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import io.sluice.api.operator.SinkOperator;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** {@code discard-sink}: drops every record; for benchmarks and jobs run for their side effects. */
@Component
@OperatorType("discard-sink")
public class DiscardSinkFactory implements OperatorFactory {

    @Override
    public OperatorKind kind() {
        return OperatorKind.SINK;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return Params.unknown(params);
    }

    @Override
    public Operator create(OperatorContext context) {
        Params.checked(this, context);
        return new DiscardSink();
    }

    static final class DiscardSink implements SinkOperator {
        /** Written per record so that the JIT cannot drop the producing loop in a benchmark as dead code. */
        long count;

        @Override
        public void write(Object record) {
            count++;
        }
    }
}
