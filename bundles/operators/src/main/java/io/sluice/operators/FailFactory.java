package io.sluice.operators;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code fail {subtask, atRecord, attempts}}: identity that injects a failure for testing recovery. Subtask
 * {@code subtask} throws on its {@code atRecord}-th record (1-based) in each attempt numbered below
 * {@code attempts} (default 1: only the first execution fails, so a single restart recovers).
 */
@Component
@OperatorType("fail")
public class FailFactory implements OperatorFactory {

    @Override
    public OperatorKind kind() {
        return OperatorKind.TRANSFORM;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return Params.unknown(params, "subtask", "atRecord", "attempts")
                .or(() -> Params.integer(params, "subtask", 0, parallelism - 1, "an integer from 0 to " + (parallelism - 1)))
                .or(() -> Params.integer(params, "atRecord", 1, Long.MAX_VALUE, "an integer >= 1"))
                .or(() -> Params.optionalInteger(params, "attempts", 0, Integer.MAX_VALUE, "an integer >= 0"));
    }

    @Override
    public Operator create(OperatorContext context) {
        Map<String, Object> params = Params.checked(this, context);
        boolean armed = context.subtaskIndex() == Params.toLong(params.get("subtask"))
                && context.attemptNumber() < Params.getLong(params, "attempts", 1);
        return armed ? new Fail(context, Params.toLong(params.get("atRecord")))
                : (OneInputOperator) (record, out) -> out.collect(record);
    }

    static final class Fail implements OneInputOperator {
        private final OperatorContext context;
        private final long atRecord;
        private long seen;

        Fail(OperatorContext context, long atRecord) {
            this.context = context;
            this.atRecord = atRecord;
        }

        @Override
        public void processRecord(Object record, Collector out) {
            if (++seen == atRecord) {
                throw new RuntimeException("injected failure in " + context.operatorId() + " subtask "
                        + context.subtaskIndex() + " at record " + seen + " (attempt " + context.attemptNumber() + ")");
            }
            out.collect(record);
        }
    }
}
