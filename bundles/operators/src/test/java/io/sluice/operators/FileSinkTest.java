package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.operator.Pair;
import io.sluice.api.operator.SinkOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path tmp;

    private TestContext context(Path dir, int subtask, int attempt) {
        return TestContext.of("out", Map.of("path", dir.toString())).subtask(subtask, 2).attempt(attempt);
    }

    private SinkOperator open(Path dir, int subtask, int attempt) throws Exception {
        TestContext context = context(dir, subtask, attempt);
        SinkOperator sink = (SinkOperator) new FileSinkFactory().create(context);
        sink.open(context);
        return sink;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void finishCommitsEachSubtasksRecordsToItsPartFileInACreatedDirectory() throws Exception {
        Path dir = tmp.resolve("a/b");
        new Driver().then(new FileSinkFactory(), context(dir, 0, 0)).run(List.of(1L, "x", new Pair("k", 2L)));
        new Driver().then(new FileSinkFactory(), context(dir, 1, 0)).run(List.of("y"));
        assertThat(files(dir)).containsExactly("part-0", "part-1");
        assertThat(Files.readAllLines(dir.resolve("part-0"))).containsExactly("1", "x", "(k, 2)");
        assertThat(Files.readAllLines(dir.resolve("part-1"))).containsExactly("y");
    }

    @Test
    void beforeFinishOnlyAHiddenPerAttemptFileExists() throws Exception {
        SinkOperator sink = open(tmp, 1, 3);
        sink.write("x");
        assertThat(files(tmp)).containsExactly(".part-1-attempt-3.inprogress");
        sink.finish();
        sink.close();
        assertThat(files(tmp)).containsExactly("part-1");
    }

    @Test
    void closeWithoutFinishLeavesNoFile() throws Exception {
        SinkOperator sink = open(tmp, 0, 0);
        for (int i = 0; i < 100_000; i++) {
            sink.write(i);
        }
        sink.close();
        assertThat(files(tmp)).isEmpty();
    }

    @Test
    void aLaterAttemptReplacesTheCommittedPartAndKeepsItIfItFails() throws Exception {
        new Driver().then(new FileSinkFactory(), context(tmp, 0, 0)).run(List.of("first", "attempt"));
        SinkOperator failed = open(tmp, 0, 1);
        failed.write("partial");
        failed.close();
        assertThat(Files.readAllLines(tmp.resolve("part-0"))).containsExactly("first", "attempt");

        new Driver().then(new FileSinkFactory(), context(tmp, 0, 2)).run(List.of("third"));
        assertThat(files(tmp)).containsExactly("part-0");
        assertThat(Files.readAllLines(tmp.resolve("part-0"))).containsExactly("third");
    }

    @Test
    void openDeletesInProgressFilesThatADeadAttemptOfTheSameSubtaskLeft() throws Exception {
        Files.writeString(tmp.resolve(".part-0-attempt-7.inprogress"), "crashed");
        Files.writeString(tmp.resolve(".part-10-attempt-0.inprogress"), "another subtask's");
        new Driver().then(new FileSinkFactory(), context(tmp, 0, 0)).run(List.of("x"));
        assertThat(files(tmp)).containsExactly(".part-10-attempt-0.inprogress", "part-0");
    }

    @Test
    void aPathThatIsAFileFailsAtOpenNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertThatThrownBy(() -> open(file, 0, 0)).isInstanceOf(IOException.class)
                .hasMessage("file-sink 'out': " + file.toAbsolutePath() + " exists and is not a directory");
    }
}
