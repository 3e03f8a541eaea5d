package io.sluice.operators;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.Pair;
import io.sluice.api.operator.SinkOperator;
import io.sluice.api.operator.SourceOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a chain of operators the way a task thread does: create each, open back to front, push the records
 * through (or drain the source), finish front to back, and close in the order of opening — also when something throws.
 * <pre>
 * List&lt;Object&gt; words = new Driver().then(new TokenizeFactory(), ctx).run(List.of("a b"));
 * </pre>
 * Every emitted record is checked to be of a type the runtime can carry between tasks.
 */
final class Driver {
    private final List<OperatorFactory> factories = new ArrayList<>();
    private final List<OperatorContext> contexts = new ArrayList<>();
    /** Per source call, how many records it emitted; for batch-size checks. */
    final List<Integer> batches = new ArrayList<>();

    Driver then(OperatorFactory factory, OperatorContext context) {
        factories.add(factory);
        contexts.add(context);
        return this;
    }

    /** Runs a chain that starts with a source. */
    List<Object> run() throws Exception {
        return run(List.of());
    }

    /** The records the last operator emits (none if it is a sink). */
    List<Object> run(List<?> input) throws Exception {
        List<Operator> operators = new ArrayList<>();
        List<Operator> opened = new ArrayList<>();
        List<Object> output = new ArrayList<>();
        try {
            for (int i = 0; i < factories.size(); i++) {
                operators.add(factories.get(i).create(contexts.get(i)));
                checkKind(factories.get(i).kind(), operators.get(i), i);
            }
            // like a task: consumers open before their producers can emit, and only what was opened is closed
            for (int i = operators.size() - 1; i >= 0; i--) {
                operators.get(i).open(contexts.get(i));
                opened.add(operators.get(i));
            }
            List<Collector> outs = collectors(operators, output);
            int first = 0;
            if (operators.get(0) instanceof SourceOperator source) {
                if (!input.isEmpty()) {
                    throw new IllegalArgumentException("a chain that starts with a source takes no input");
                }
                int[] emitted = new int[1];
                Collector counting = record -> {
                    emitted[0]++;
                    outs.get(0).collect(record);
                };
                boolean more;
                do {
                    emitted[0] = 0;
                    more = source.emitNext(counting);
                    batches.add(emitted[0]);
                } while (more);
                first = 1;
            } else {
                for (Object record : input) {
                    push(operators.get(0), record, outs.get(0));
                }
            }
            for (int i = first; i < operators.size(); i++) {
                if (operators.get(i) instanceof OneInputOperator transform) {
                    transform.finish(outs.get(i));
                } else if (operators.get(i) instanceof SinkOperator sink) {
                    sink.finish();
                }
            }
            return output;
        } finally {
            for (Operator operator : opened) { // in the order of opening, as a task closes them
                operator.close();
            }
        }
    }

    /** outs.get(i) takes what operator i emits: into operator i + 1, or into the output after the last. */
    private static List<Collector> collectors(List<Operator> operators, List<Object> output) {
        Collector[] outs = new Collector[operators.size()];
        Collector next = record -> {
            checkCarriable(record);
            output.add(record);
        };
        for (int i = operators.size() - 1; i >= 0; i--) {
            outs[i] = next;
            Operator operator = operators.get(i);
            Collector downstream = next;
            next = record -> {
                checkCarriable(record);
                push(operator, record, downstream);
            };
        }
        return List.of(outs);
    }

    private static void push(Operator operator, Object record, Collector out) {
        try {
            if (operator instanceof OneInputOperator transform) {
                transform.processRecord(record, out);
            } else if (operator instanceof SinkOperator sink) {
                sink.write(record);
            } else {
                throw new IllegalStateException("a source in the middle of a chain");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Collector.collect cannot throw checked exceptions; a task would have to do the same
            throw new RuntimeException(e);
        }
    }

    private static void checkKind(OperatorKind kind, Operator operator, int position) {
        Class<?> expected = switch (kind) {
            case SOURCE -> SourceOperator.class;
            case TRANSFORM -> OneInputOperator.class;
            case SINK -> SinkOperator.class;
        };
        if (!expected.isInstance(operator)) {
            throw new AssertionError("operator " + position + " is " + kind + " but created a " + operator.getClass());
        }
    }

    /** The types the operator API's package documentation allows across an exchange. */
    static void checkCarriable(Object record) {
        boolean ok = record instanceof Pair pair ? isValue(pair.key()) && isValue(pair.value()) : isValue(record);
        if (!ok) {
            throw new AssertionError("not a record type the runtime can carry: " + Values.describe(record));
        }
    }

    private static boolean isValue(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Double || value instanceof Boolean
                || value instanceof String;
    }
}
