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
                .hasMessage("text-source 'text': " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void aDirectoryFailsAtOpenNamingIt() {
        assertThatThrownBy(() -> read(dir, 0, 1)).isInstanceOf(IOException.class)
                .hasMessage("text-source 'text': " + dir.toAbsolutePath() + " is a directory");
    }

    @Test
    void invalidUtf8FailsNamingTheFileAndTheLine() throws Exception {
        Path file = Files.write(dir.resolve("latin1.txt"), "ok\ngr\u00f6\u00dfe\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> read(file, 0, 1)).isInstanceOf(IOException.class).hasNoCause()
                .hasMessage("text-source 'text': " + file.toAbsolutePath() + " is not UTF-8 text (malformed input at line 2)");
    }

    /** Before: the task failed with the decoder's "Input length = 1", which names neither the file nor the line. */
    @Test
    void aBinaryFileFailsInEverySubtaskNamingTheFileAndTheLine() throws Exception {
        // three lines of text, then a PNG header (0x89 is no UTF-8 lead byte)
        byte[] text = "line one\nline two\r\nline three \u00e4\n".getBytes(StandardCharsets.UTF_8);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d};
        byte[] bytes = new byte[text.length + png.length];
        System.arraycopy(text, 0, bytes, 0, text.length);
        System.arraycopy(png, 0, bytes, text.length, png.length);
        Path file = Files.write(dir.resolve("in.bin"), bytes);
        for (int subtask = 0; subtask < 2; subtask++) {
            int s = subtask;
            assertThatThrownBy(() -> read(file, s, 2)).isInstanceOf(IOException.class)
                    .hasMessage("text-source 'text': " + file.toAbsolutePath() + " is not UTF-8 text (malformed input at line 4)");
        }
    }

    @Test
    void theLineOfTheFirstMalformedBytesIsCountedLikeReadLineCountsLines() throws Exception {
        Path crlf = Files.write(dir.resolve("crlf.txt"), new byte[] {'a', '\r', '\n', 'b', '\r', 'c', '\n', '\n', (byte) 0xff});
        assertThat(TextSourceFactory.malformedLine(crlf)).isEqualTo(5);
        // a sequence cut off by the end of the file
        Path cut = Files.write(dir.resolve("cut.txt"), new byte[] {'a', '\n', (byte) 0xc3});
        assertThat(TextSourceFactory.malformedLine(cut)).isEqualTo(2);
        // far beyond the first buffers of the reader and of the search
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            big.append("zeile ").append(i).append(" gr\u00f6\u00dfe\n");
        }
        byte[] head = big.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xe4; // latin-1 'ä'
        bytes[head.length + 1] = '\n';
        Path late = Files.write(dir.resolve("late.txt"), bytes);
        assertThat(TextSourceFactory.malformedLine(late)).isEqualTo(100_001);
        assertThatThrownBy(() -> read(late, 1, 3)).hasMessage("text-source 'text': " + late.toAbsolutePath()
                + " is not UTF-8 text (malformed input at line 100001)");
        Path good = Files.writeString(dir.resolve("good.txt"), "gr\u00f6\u00dfe\n");
        assertThat(TextSourceFactory.malformedLine(good)).isEqualTo(-1);
    }
}
