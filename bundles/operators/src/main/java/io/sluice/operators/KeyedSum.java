package io.sluice.operators;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.KeyedState;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.Pair;
import io.sluice.api.operator.Records;

/**
 * The operator of {@code sum} and {@code rolling-sum}: adds each record's value (a Pair's value, otherwise
 * the record) to the sum of its key ({@link Records#key}) in the keyed state "sum". Sums are Longs and a
 * sum that leaves the long range fails the task instead of wrapping around silently.
 */
final class KeyedSum implements OneInputOperator {
    private final boolean rolling;
    private String operatorId;
    private KeyedState<Long> sums;

    /** {@code rolling}: emit the new sum for every record; otherwise one sum per key at the end of input. */
    KeyedSum(boolean rolling) {
        this.rolling = rolling;
    }

    @Override
    public void open(OperatorContext context) {
        operatorId = context.operatorId();
        sums = context.keyedState("sum");
    }

    @Override
    public void processRecord(Object record, Collector out) {
        Object key = Records.key(record);
        long value = Values.longValue(record instanceof Pair pair ? pair.value() : record, operatorId);
        Long previous = sums.get(key);
        Long sum;
        try {
            sum = previous == null ? value : Math.addExact(previous, value);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("operator '" + operatorId + "': the sum of key '" + key + "' overflows a long");
        }
        sums.put(key, sum);
        if (rolling) {
            out.collect(new Pair(key, sum));
        }
    }

    @Override
    public void finish(Collector out) {
        if (!rolling) {
            sums.forEach((key, sum) -> out.collect(new Pair(key, sum)));
        }
    }
}
