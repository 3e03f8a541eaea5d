package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidationTest {

    static Stream<Arguments> badParameters() {
        OperatorFactory seq = new SequenceSourceFactory();
        OperatorFactory text = new TextSourceFactory();
        OperatorFactory toPair = new ToPairFactory();
        OperatorFactory file = new FileSinkFactory();
        OperatorFactory fail = new FailFactory();
        return Stream.of(
                Arguments.of(seq, Map.of("to", 5), "parameter 'from' must be an integer (missing)"),
                Arguments.of(seq, Map.of("from", 1.5, "to", 5), "parameter 'from' must be an integer (got '1.5')"),
                Arguments.of(seq, Map.of("from", 1, "to", "abc"), "parameter 'to' must be an integer >= 'from' (got 'abc')"),
                Arguments.of(seq, Map.of("from", 5, "to", 4L), "parameter 'to' must be an integer >= 'from' (got '4')"),
                Arguments.of(seq, Map.of("from", Long.MIN_VALUE, "to", -1),
                        "parameter 'to' must be less than 'from' + 2^63 - 1 (got '-1')"),
                Arguments.of(seq, Map.of("from", -1, "to", Long.MAX_VALUE),
                        "parameter 'to' must be less than 'from' + 2^63 - 1 (got '9223372036854775807')"),
                Arguments.of(seq, Map.of("from", 1, "to", 2, "step", 1), "unknown parameter 'step' (known: from, to)"),
                Arguments.of(text, Map.of(), "parameter 'path' must be the path of a UTF-8 text file (missing)"),
                Arguments.of(text, Map.of("path", 5), "parameter 'path' must be the path of a UTF-8 text file (got '5')"),
                Arguments.of(text, Map.of("path", " "), "parameter 'path' must be the path of a UTF-8 text file (got ' ')"),
                Arguments.of(text, Map.of("path", "a\0b"), "parameter 'path' must be the path of a UTF-8 text file (got 'a\0b')"),
                Arguments.of(new TokenizeFactory(), Map.of("lower", true), "unknown parameter 'lower' (this operator takes no parameters)"),
                Arguments.of(new IdentityFactory(), Map.of("x", 1), "unknown parameter 'x' (this operator takes no parameters)"),
                Arguments.of(toPair, Map.of(), "parameter 'keys' must be an integer >= 1 (missing)"),
                Arguments.of(toPair, Map.of("keys", 0), "parameter 'keys' must be an integer >= 1 (got '0')"),
                Arguments.of(toPair, Map.of("keys", "2.5"), "parameter 'keys' must be an integer >= 1 (got '2.5')"),
                Arguments.of(new SumFactory(), Map.of("field", 1), "unknown parameter 'field' (this operator takes no parameters)"),
                Arguments.of(new RollingSumFactory(), Map.of("field", 1), "unknown parameter 'field' (this operator takes no parameters)"),
                Arguments.of(new CountFactory(), Map.of("b", 1, "a", 1), "unknown parameter 'a' (this operator takes no parameters)"),
                Arguments.of(file, Map.of(), "parameter 'path' must be the path of an output directory (missing)"),
                Arguments.of(file, Map.of("path", "out", "append", true), "unknown parameter 'append' (known: path)"),
                Arguments.of(new PrintSinkFactory(), Map.of("x", 1), "unknown parameter 'x' (this operator takes no parameters)"),
                Arguments.of(new DiscardSinkFactory(), Map.of("x", 1), "unknown parameter 'x' (this operator takes no parameters)"),
                Arguments.of(fail, Map.of("atRecord", 1), "parameter 'subtask' must be an integer from 0 to 2 (missing)"),
                Arguments.of(fail, Map.of("subtask", 3, "atRecord", 1), "parameter 'subtask' must be an integer from 0 to 2 (got '3')"),
                Arguments.of(fail, Map.of("subtask", 0, "atRecord", 0), "parameter 'atRecord' must be an integer >= 1 (got '0')"),
                Arguments.of(fail, Map.of("subtask", 0, "atRecord", 1, "attempts", -1), "parameter 'attempts' must be an integer >= 0 (got '-1')"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badParameters")
    void validateNamesTheBadParameterAndWhatItMustBe(OperatorFactory factory, Map<String, Object> params, String problem) {
        assertThat(factory.validate(params, 3)).contains(problem);
    }

    static Stream<Arguments> goodParameters() {
        return Stream.of(
                Arguments.of(new SequenceSourceFactory(), Map.of("from", "1", "to", 1e6)),
                Arguments.of(new SequenceSourceFactory(), Map.of("from", Long.MIN_VALUE, "to", -2)),
                Arguments.of(new TextSourceFactory(), Map.of("path", "does/not/exist/yet.txt")),
                Arguments.of(new ToPairFactory(), Map.of("keys", 4L)),
                Arguments.of(new FileSinkFactory(), Map.of("path", "out")),
                Arguments.of(new FailFactory(), Map.of("subtask", 2, "atRecord", "10", "attempts", 3)),
                Arguments.of(new IdentityFactory(), Map.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("goodParameters")
    void validateAcceptsGoodParameters(OperatorFactory factory, Map<String, Object> params) {
        assertThat(factory.validate(params, 3)).isEmpty();
    }

    @Test
    void createRefusesParametersValidateRefusesNamingTheOperator() {
        assertThatThrownBy(() -> new ToPairFactory().create(TestContext.of("pairs", Map.of("keys", -2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("operator 'pairs': parameter 'keys' must be an integer >= 1 (got '-2')");
    }

    @Test
    void everyFactoryStatesItsKind() {
        assertThat(Stream.of(new SequenceSourceFactory(), new TextSourceFactory()).map(OperatorFactory::kind))
                .containsOnly(OperatorKind.SOURCE);
        assertThat(Stream.of(new TokenizeFactory(), new IdentityFactory(), new ToPairFactory(), new SumFactory(),
                new RollingSumFactory(), new CountFactory(), new FailFactory()).map(OperatorFactory::kind))
                .containsOnly(OperatorKind.TRANSFORM);
        assertThat(Stream.of(new FileSinkFactory(), new PrintSinkFactory(), new DiscardSinkFactory()).map(OperatorFactory::kind))
                .containsOnly(OperatorKind.SINK);
    }
}
