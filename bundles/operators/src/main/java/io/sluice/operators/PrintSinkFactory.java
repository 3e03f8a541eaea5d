package io.sluice.operators;

import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import io.sluice.api.operator.SinkOperator;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code print-sink}: prints {@code <operatorId>[<subtask>]> record} lines to standard output. Lines are
 * buffered and printed whole lines at a time, so that subtasks sharing System.out never interleave within a line.
 */
@Component
@OperatorType("print-sink")
public class PrintSinkFactory implements OperatorFactory {
    static final int FLUSH_CHARS = 8192;

    private final PrintStream out;

    public PrintSinkFactory() {
        this(null);
    }

    /** For tests; {@code null} means System.out as it is when an operator is created. */
    PrintSinkFactory(PrintStream out) {
        this.out = out;
    }

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
        return new PrintSink(out != null ? out : System.out, context.operatorId() + "[" + context.subtaskIndex() + "]> ");
    }

    static final class PrintSink implements SinkOperator {
        private final PrintStream out;
        private final String prefix;
        private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 256);

        PrintSink(PrintStream out, String prefix) {
            this.out = out;
            this.prefix = prefix;
        }

        @Override
        public void write(Object record) {
            buffer.append(prefix).append(record).append('\n');
            if (buffer.length() >= FLUSH_CHARS) {
                flush();
            }
        }

        @Override
        public void finish() {
            flush();
        }

        /** Printing is not transactional: what a failed attempt saw is printed too, which is what debugging wants. */
        @Override
        public void close() {
            flush();
        }

        private void flush() {
            if (buffer.length() > 0) {
                out.print(buffer);
                out.flush();
                buffer.setLength(0);
            }
        }
    }
}
