package io.sluice.operators;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import io.sluice.api.operator.SourceOperator;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code sequence-source {from, to}}: the longs from..to, both inclusive, like Flink's {@code fromSequence}.
 * Subtask i of p takes the i-th of p contiguous ranges whose sizes differ by at most one, so the subtasks
 * together emit every number exactly once and a restarted subtask emits the same numbers again.
 */
@Component
@OperatorType("sequence-source")
public class SequenceSourceFactory implements OperatorFactory {
    static final int BATCH = 1024;

    @Override
    public OperatorKind kind() {
        return OperatorKind.SOURCE;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return Params.unknown(params, "from", "to")
                .or(() -> Params.integer(params, "from", Long.MIN_VALUE, Long.MAX_VALUE, "an integer"))
                .or(() -> Params.integer(params, "to", Params.toLong(params.get("from")), Long.MAX_VALUE,
                        "an integer >= 'from'"))
                .or(() -> countFitsLong(params) ? Optional.empty()
                        : Params.bad("to", "less than 'from' + 2^63 - 1", params.get("to")));
    }

    /** to - from + 1 must be a positive long; with to >= from, a negative difference means it overflowed. */
    private static boolean countFitsLong(Map<String, Object> params) {
        long difference = Params.toLong(params.get("to")) - Params.toLong(params.get("from"));
        return difference >= 0 && difference < Long.MAX_VALUE;
    }

    @Override
    public Operator create(OperatorContext context) {
        Map<String, Object> params = Params.checked(this, context);
        return new SequenceSource(Params.toLong(params.get("from")), Params.toLong(params.get("to")),
                context.subtaskIndex(), context.parallelism());
    }

    static final class SequenceSource implements SourceOperator {
        private long next;
        private long remaining;

        SequenceSource(long from, long to, int subtask, int parallelism) {
            long count = to - from + 1;
            long base = count / parallelism;
            long extra = count % parallelism;
            // the first `extra` subtasks take one more; subtask * base < count, so nothing overflows
            next = from + subtask * base + Math.min(subtask, extra);
            remaining = base + (subtask < extra ? 1 : 0);
        }

        @Override
        public boolean emitNext(Collector out) {
            int batch = (int) Math.min(remaining, BATCH);
            for (int i = 0; i < batch; i++) {
                out.collect(next++);
            }
            remaining -= batch;
            return remaining > 0;
        }
    }
}
