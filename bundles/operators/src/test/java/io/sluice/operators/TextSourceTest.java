package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSourceTest {
    @TempDir
    Path dir;

    private static List<Object> read(Path file, int subtask, int parallelism) throws Exception {
        return new Driver().then(new TextSourceFactory(),
                TestContext.of("text", Map.of("path", file.toString())).subtask(subtask, parallelism)).run();
    }

    @Test
    void subtaskIReadsTheLinesWhoseNumberModParallelismIsI() throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "l0\nl1\r\nl2\nl3\nl4\nl5\nl6\n");
        assertThat(read(file, 0, 3)).containsExactly("l0", "l3", "l6");
        assertThat(read(file, 1, 3)).containsExactly("l1", "l4");
        assertThat(read(file, 2, 3)).containsExactly("l2", "l5");
        assertThat(read(file, 0, 1)).containsExactly("l0", "l1", "l2", "l3", "l4", "l5", "l6");
    }

    @Test
    void aLongFileIsReadWholeAcrossBatchesAndDecodedAsUtf8() throws Exception {
        List<String> lines = IntStream.range(0, 5000).mapToObj(i -> "zeile " + i + " größe").toList();
        Path file = Files.write(dir.resolve("long.txt"), lines, StandardCharsets.UTF_8);
        List<Object> all = new ArrayList<>(read(file, 0, 2));
        all.addAll(read(file, 1, 2));
        assertThat(all).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void aMissingFileFailsAtOpenNamingItsAbsolutePath() {
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> read(missing, 0, 1)).isInstanceOf(IOException.class)
                .hasMessage("text-source 'text': no such file: " + missing.toAbsolutePath());
    }

    @Test
    void invalidUtf8FailsNamingTheFile() throws Exception {
        Path file = Files.write(dir.resolve("latin1.txt"), "ok\ngr\u00f6\u00dfe\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> read(file, 0, 1)).isInstanceOf(IOException.class)
                .hasMessage("text-source 'text': " + file.toAbsolutePath() + " is not valid UTF-8");
    }
}
