package io.sluice.minicluster;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import java.util.concurrent.CountDownLatch;

/**
 * An identity operator that holds the first record of each subtask's first attempt until the test releases it,
 * so that a test can act while a job is half-way.
 */
final class HoldingOperator implements OperatorFactory {
    /** Counts down once per subtask holding its record. */
    final CountDownLatch holding;
    final CountDownLatch release = new CountDownLatch(1);

    HoldingOperator(int subtasks) {
        this.holding = new CountDownLatch(subtasks);
    }

    @Override
    public OperatorKind kind() {
        return OperatorKind.TRANSFORM;
    }

    @Override
    public Operator create(OperatorContext context) {
        return new OneInputOperator() {
            private boolean held = context.attemptNumber() > 0;

            @Override
            public void processRecord(Object record, Collector out) throws Exception {
                if (!held) {
                    held = true;
                    holding.countDown();
                    release.await();
                }
                out.collect(record);
            }
        };
    }
}
