package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.Pair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformsTest {

    private static List<Object> run(OperatorFactory factory, Map<String, Object> params, List<?> input) throws Exception {
        return new Driver().then(factory, TestContext.of("op", params)).run(input);
    }

    @Test
    void tokenizeSplitsOnNonLetterOrDigitAndLowerCases() throws Exception {
        assertThat(run(new TokenizeFactory(), Map.of(), List.of("To be, or NOT to-be: 2b?", "", "  ,;  ", "Äpfel über 𝐀lles")))
                .containsExactly("to", "be", "or", "not", "to", "be", "2b", "äpfel", "über", "𝐀lles".toLowerCase());
    }

    @Test
    void tokenizeRejectsNonStringRecordsNamingTheOperator() {
        assertThatThrownBy(() -> run(new TokenizeFactory(), Map.of(), List.of(5L)))
                .hasMessage("operator 'op' needs String records, got Long '5'");
    }

    @Test
    void identityPassesRecordsOnUnchanged() throws Exception {
        List<Object> input = List.of("a", 1L, new Pair("k", 2.5));
        assertThat(run(new IdentityFactory(), Map.of(), input)).containsExactlyElementsOf(input);
    }

    @Test
    void toPairKeysByFloorModAsLongs() throws Exception {
        assertThat(run(new ToPairFactory(), Map.of("keys", 3), List.of(7L, -1L, 3, 0L)))
                .containsExactly(new Pair(1L, 7L), new Pair(2L, -1L), new Pair(0L, 3L), new Pair(0L, 0L));
    }

    @Test
    void toPairRejectsNonIntegerRecords() {
        assertThatThrownBy(() -> run(new ToPairFactory(), Map.of("keys", 3), List.of(1.5)))
                .hasMessage("operator 'op' needs integer values (Long or Integer), got Double '1.5'");
    }

    @Test
    void aChainRunsRecordsThroughEveryOperator() throws Exception {
        List<Object> out = new Driver()
                .then(new TokenizeFactory(), TestContext.of("tok", Map.of()))
                .then(new CountFactory(), TestContext.of("count", Map.of()))
                .run(List.of("a b a", "b a"));
        assertThat(out).containsExactlyInAnyOrder(new Pair("a", 3L), new Pair("b", 2L));
    }
}
