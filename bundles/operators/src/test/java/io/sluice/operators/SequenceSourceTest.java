package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceSourceTest {

    private static Driver source(Object from, Object to, int subtask, int parallelism) {
        return new Driver().then(new SequenceSourceFactory(),
                TestContext.of("seq", Map.of("from", from, "to", to)).subtask(subtask, parallelism));
    }

    @ParameterizedTest(name = "{0}..{1} at parallelism {2}")
    @CsvSource({"1, 10, 1", "1, 10, 3", "1, 10, 4", "-5, 7, 3", "0, 0, 4", "1, 2, 4", "1, 5000, 3", "3, 4100, 4",
            "9223372036854775803, 9223372036854775807, 2", "-9223372036854775808, -9223372036854775800, 3"})
    void subtasksTogetherEmitFromToExactlyOnceInContiguousRangesOfNearlyEqualSize(long from, long to, int parallelism)
            throws Exception {
        List<Object> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            List<Object> share = source(from, to, i, parallelism).run();
            sizes.add(share.size());
            all.addAll(share);
        }
        // in subtask order, the shares concatenate to the whole range: each is contiguous and none overlap
        assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(from, to).boxed().toList());
        assertThat(sizes.stream().mapToInt(Integer::intValue).max().getAsInt()
                - sizes.stream().mapToInt(Integer::intValue).min().getAsInt()).isLessThanOrEqualTo(1);
    }

    @Test
    void emitNextEmitsBoundedBatchesAndReturnsFalseWithTheLastOne() throws Exception {
        Driver driver = source(1, 2500, 0, 1);
        assertThat(driver.run()).hasSize(2500);
        assertThat(driver.batches).containsExactly(1024, 1024, 452);
    }

    @Test
    void aSubtaskWithAnEmptyShareIsDoneAtOnce() throws Exception {
        Driver driver = source(1, 2, 3, 4);
        assertThat(driver.run()).isEmpty();
        assertThat(driver.batches).containsExactly(0);
    }

    @Test
    void numbersMayArriveAsIntegerLongDoubleOrNumericString() throws Exception {
        assertThat(source(1, 3L, 0, 1).run()).containsExactly(1L, 2L, 3L);
        assertThat(source(1e0, "3", 0, 1).run()).containsExactly(1L, 2L, 3L);
    }
}
