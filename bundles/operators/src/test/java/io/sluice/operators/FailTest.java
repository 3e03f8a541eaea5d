package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailTest {
    private static final List<Object> INPUT = List.of("r1", "r2", "r3", "r4");

    private static Driver fail(Map<String, Object> params, int subtask, int attempt) {
        return new Driver().then(new FailFactory(), TestContext.of("boom", params).subtask(subtask, 3).attempt(attempt));
    }

    @Test
    void throwsOnTheGivenRecordOfTheGivenSubtaskInTheFirstAttempt() {
        assertThatThrownBy(() -> fail(Map.of("subtask", 1, "atRecord", 3), 1, 0).run(INPUT))
                .isExactlyInstanceOf(RuntimeException.class)
                .hasMessage("injected failure in boom subtask 1 at record 3 (attempt 0)");
    }

    @Test
    void otherSubtasksAndLaterAttemptsPassRecordsOn() throws Exception {
        Map<String, Object> params = Map.of("subtask", 1, "atRecord", 3);
        assertThat(fail(params, 0, 0).run(INPUT)).containsExactlyElementsOf(INPUT);
        assertThat(fail(params, 2, 0).run(INPUT)).containsExactlyElementsOf(INPUT);
        assertThat(fail(params, 1, 1).run(INPUT)).containsExactlyElementsOf(INPUT);
    }

    @Test
    void attemptsSaysHowManyAttemptsFail() throws Exception {
        Map<String, Object> params = Map.of("subtask", 0, "atRecord", 1, "attempts", 2);
        assertThatThrownBy(() -> fail(params, 0, 0).run(INPUT)).hasMessageEndingWith("(attempt 0)");
        assertThatThrownBy(() -> fail(params, 0, 1).run(INPUT)).hasMessageEndingWith("(attempt 1)");
        assertThat(fail(params, 0, 2).run(INPUT)).containsExactlyElementsOf(INPUT);
        assertThat(fail(Map.of("subtask", 0, "atRecord", 1, "attempts", 0), 0, 0).run(INPUT)).containsExactlyElementsOf(INPUT);
    }

    @Test
    void aSubtaskWithFewerRecordsThanAtRecordFinishesNormally() throws Exception {
        assertThat(fail(Map.of("subtask", 0, "atRecord", 5), 0, 0).run(INPUT)).containsExactlyElementsOf(INPUT);
    }
}
