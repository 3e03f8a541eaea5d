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
        Files.writeString(tmp.resolve(".part-1-attempt-0.inprogress"), "another subtask's");
        new Driver().then(new FileSinkFactory(), context(tmp, 0, 0)).run(List.of("x"));
        assertThat(files(tmp)).containsExactly(".part-1-attempt-0.inprogress", "part-0");
    }

    @Test
    void aPathThatIsAFileFailsAtOpenNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertThatThrownBy(() -> open(file, 0, 0)).isInstanceOf(IOException.class)
                .hasMessage("file-sink 'out': " + file.toAbsolutePath() + " exists and is not a directory");
    }

    @Test
    void aPathBelowAFileFailsAtOpenNamingBoth() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertThatThrownBy(() -> open(file.resolve("out"), 0, 0)).isInstanceOf(IOException.class)
                .hasMessage("file-sink 'out': " + file.resolve("out").toAbsolutePath() + " cannot be created: "
                        + file.toAbsolutePath() + " is not a directory");
    }

    private static void run(Path dir, int subtask, int parallelism, List<?> records) throws Exception {
        new Driver().then(new FileSinkFactory(), TestContext.of("out", Map.of("path", dir.toString()))
                .subtask(subtask, parallelism)).run(records);
    }

    /** Before: part-2 and part-3 of the first run stayed, and whoever read the directory got a wrong result. */
    @Test
    void aRunWithFewerSubtasksRemovesThePartsOfTheSubtasksItDoesNotHave() throws Exception {
        for (int subtask = 0; subtask < 4; subtask++) {
            run(tmp, subtask, 4, List.of("first run " + subtask));
        }
        Files.writeString(tmp.resolve(".part-3-attempt-1.inprogress"), "a dead attempt of the first run");
        assertThat(files(tmp)).containsExactly(".part-3-attempt-1.inprogress", "part-0", "part-1", "part-2", "part-3");

        run(tmp, 1, 2, List.of("second run 1")); // subtask 1 opens first: it removes nothing
        assertThat(files(tmp)).contains("part-2", "part-3");
        run(tmp, 0, 2, List.of("second run 0"));
        assertThat(files(tmp)).containsExactly("part-0", "part-1");
        assertThat(Files.readAllLines(tmp.resolve("part-0"))).containsExactly("second run 0");
        assertThat(Files.readAllLines(tmp.resolve("part-1"))).containsExactly("second run 1");
    }

    @Test
    void onlyFilesNamedLikeThisSinksFilesAreRemoved() throws Exception {
        List<String> others = List.of("part-01", "part-2.txt", "part-", "part-x", "part--3", "xpart-3", "Part-3", "_SUCCESS",
                ".part-3", ".part-3-attempt-x.inprogress", "part-99999999999", "notes.txt");
        for (String name : others) {
            Files.writeString(tmp.resolve(name), "not the sink's");
        }
        Files.createDirectory(tmp.resolve("part-5")); // a directory: not a part
        Files.createSymbolicLink(tmp.resolve("part-6"), tmp.resolve("notes.txt")); // a link: not a part either
        Files.writeString(tmp.resolve("part-7"), "stale");
        Files.writeString(tmp.resolve(".part-7-attempt-0.inprogress"), "stale");
        Files.writeString(tmp.resolve(".part-1-attempt-0.inprogress"), "subtask 1's own business");

        run(tmp, 0, 2, List.of("x"));

        assertThat(files(tmp)).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(others.stream(),
                java.util.stream.Stream.of("part-5", "part-6", ".part-1-attempt-0.inprogress", "part-0")).toList());
        assertThat(Files.readString(tmp.resolve("notes.txt"))).isEqualTo("not the sink's");
    }

    @Test
    void isLeftoverTellsThePartsAndAttemptsOfOtherRunsFromThisOnes() {
        assertThat(FileSinkFactory.FileSink.isLeftover("part-2", 0, 2)).isTrue();
        assertThat(FileSinkFactory.FileSink.isLeftover("part-1", 0, 2)).isFalse();
        assertThat(FileSinkFactory.FileSink.isLeftover("part-0", 0, 2)).isFalse(); // replaced only when it commits
        assertThat(FileSinkFactory.FileSink.isLeftover("part-2", 1, 2)).isFalse(); // subtask 0's job
        assertThat(FileSinkFactory.FileSink.isLeftover(".part-1-attempt-4.inprogress", 1, 2)).isTrue();
        assertThat(FileSinkFactory.FileSink.isLeftover(".part-1-attempt-4.inprogress", 0, 2)).isFalse();
        assertThat(FileSinkFactory.FileSink.isLeftover(".part-9-attempt-0.inprogress", 0, 2)).isTrue();
        assertThat(FileSinkFactory.FileSink.isLeftover("part-007", 0, 2)).isFalse();
    }
}
