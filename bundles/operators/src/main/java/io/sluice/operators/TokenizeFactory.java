package io.sluice.operators;

import io.sluice.api.operator.Collector;
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

/** {@code tokenize}: a String line to its lower-case words, split on every character that is not a letter or digit. */
@Component
@OperatorType("tokenize")
public class TokenizeFactory implements OperatorFactory {

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
        return new Tokenize(context.operatorId());
    }

    static final class Tokenize implements OneInputOperator {
        private final String operatorId;

        Tokenize(String operatorId) {
            this.operatorId = operatorId;
        }

        @Override
        public void processRecord(Object record, Collector out) {
            String line = Values.string(record, operatorId);
            int start = -1;
            // by code point, so that letters outside the BMP are not split into two non-letters
            for (int i = 0; i < line.length(); ) {
                int c = line.codePointAt(i);
                if (Character.isLetterOrDigit(c)) {
                    start = start < 0 ? i : start;
                } else if (start >= 0) {
                    emit(line.substring(start, i), out);
                    start = -1;
                }
                i += Character.charCount(c);
            }
            if (start >= 0) {
                emit(line.substring(start), out);
            }
        }

        /**
         * Lower-cases each word rather than the line: lower-casing can change a string's length ('İ' becomes
         * two chars), and toLowerCase returns the word itself when it is already lower-case.
         */
        private static void emit(String word, Collector out) {
            out.collect(word.toLowerCase(Locale.ROOT));
        }
    }
}
