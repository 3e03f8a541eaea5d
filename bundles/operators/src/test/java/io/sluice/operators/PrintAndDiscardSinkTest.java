package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.operator.Pair;
import io.sluice.api.operator.SinkOperator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrintAndDiscardSinkTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void printSinkPrintsOperatorIdSubtaskAndRecordPerLine() throws Exception {
        new Driver().then(new PrintSinkFactory(out), TestContext.of("show", Map.of()).subtask(2, 3))
                .run(List.of(1L, new Pair("a", 2L)));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("show[2]> 1\nshow[2]> (a, 2)\n");
    }

    @Test
    void printSinkBuffersUntilFinishOrClose() throws Exception {
        TestContext context = TestContext.of("show", Map.of());
        SinkOperator sink = (SinkOperator) new PrintSinkFactory(out).create(context);
        sink.open(context);
        sink.write("x");
        assertThat(bytes.size()).isZero();
        sink.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("show[0]> x\n");
    }

    @Test
    void discardSinkCountsAndDropsEveryRecord() throws Exception {
        TestContext context = TestContext.of("null", Map.of());
        DiscardSinkFactory.DiscardSink sink = (DiscardSinkFactory.DiscardSink) new DiscardSinkFactory().create(context);
        for (int i = 0; i < 5; i++) {
            sink.write(i);
        }
        assertThat(sink.count).isEqualTo(5);
    }
}
