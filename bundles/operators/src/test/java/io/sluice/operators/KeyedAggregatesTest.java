package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.Pair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyedAggregatesTest {
    private static final List<Object> PAIRS = List.of(new Pair("a", 1L), new Pair("b", 10L), new Pair("a", 2), new Pair("a", -4L));

    private static List<Object> run(OperatorFactory factory, List<?> input) throws Exception {
        return new Driver().then(factory, TestContext.of("agg", Map.of())).run(input);
    }

    @Test
    void sumEmitsOneLongSumPerKeyAtTheEnd() throws Exception {
        assertThat(run(new SumFactory(), PAIRS)).containsExactlyInAnyOrder(new Pair("a", -1L), new Pair("b", 10L));
    }

    @Test
    void sumOfPlainNumbersKeysByTheNumberItself() throws Exception {
        assertThat(run(new SumFactory(), List.of(5L, 5L, 7))).containsExactlyInAnyOrder(new Pair(5L, 10L), new Pair(7, 7L));
    }

    @Test
    void sumKeepsItsSumsInTheKeyedStateNamedSum() throws Exception {
        TestContext context = TestContext.of("agg", Map.of());
        new Driver().then(new SumFactory(), context).run(PAIRS);
        assertThat(context.<Long>keyedState("sum").get("a")).isEqualTo(-1L);
    }

    @Test
    void rollingSumEmitsTheUpdatedSumForEveryRecordAndNothingAtTheEnd() throws Exception {
        assertThat(run(new RollingSumFactory(), PAIRS))
                .containsExactly(new Pair("a", 1L), new Pair("b", 10L), new Pair("a", 3L), new Pair("a", -1L));
    }

    @Test
    void sumFailsOnNonIntegerValuesAndOnOverflow() {
        assertThatThrownBy(() -> run(new SumFactory(), List.of(new Pair("a", "x"))))
                .hasMessage("operator 'agg' needs integer values (Long or Integer), got String 'x'");
        assertThatThrownBy(() -> run(new SumFactory(), List.of(new Pair("a", Long.MAX_VALUE), new Pair("a", 1L))))
                .hasMessage("operator 'agg': the sum of key 'a' overflows a long");
    }

    @Test
    void countCountsRecordsPerKey() throws Exception {
        assertThat(run(new CountFactory(), List.of("x", "y", "x", new Pair("x", 99L), 1L)))
                .containsExactlyInAnyOrder(new Pair("x", 3L), new Pair("y", 1L), new Pair(1L, 1L));
    }
}
