package io.sluice.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                Arguments.of(new TextSourceFactory(), Map.of("path", "pom.xml")), // relative: the working directory's
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

    private static Map<String, Object> path(Path path) {
        return Map.of("path", path.toString());
    }

    @Test
    void textSourceNeedsAnExistingReadableRegularFile(@TempDir Path tmp) throws IOException {
        OperatorFactory text = new TextSourceFactory();
        Path file = Files.writeString(tmp.resolve("in.txt"), "a\n");
        assertThat(text.validate(path(file), 2)).isEmpty();
        assertThat(text.validate(path(tmp.resolve("missing.txt")), 2))
                .contains("parameter 'path': " + tmp.resolve("missing.txt") + " does not exist");
        assertThat(text.validate(path(tmp.resolve("no/such/dir/in.txt")), 2))
                .contains("parameter 'path': " + tmp.resolve("no/such/dir/in.txt") + " does not exist");
        assertThat(text.validate(path(tmp), 2)).contains("parameter 'path': " + tmp + " is a directory");
        Path device = Path.of("/dev/null");
        if (Files.exists(device)) {
            assertThat(text.validate(path(device), 2)).contains("parameter 'path': /dev/null is not a regular file");
        }
    }

    @Test
    void textSourceRefusesAFileItMayNotRead(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("secret.txt"), "a\n");
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(file), "this user (root?) may read any file");
            assertThat(new TextSourceFactory().validate(path(file), 1))
                    .contains("parameter 'path': " + file + " is not readable");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aRelativePathIsCheckedAgainstTheWorkingDirectoryAndShownAbsolute() {
        assertThat(new TextSourceFactory().validate(Map.of("path", "no-such-input.txt"), 1))
                .contains("parameter 'path': " + Path.of("no-such-input.txt").toAbsolutePath() + " does not exist");
        assertThat(new FileSinkFactory().validate(Map.of("path", "pom.xml/out"), 1))
                .contains("parameter 'path': " + Path.of("pom.xml/out").toAbsolutePath() + " cannot be created: "
                        + Path.of("pom.xml").toAbsolutePath() + " is not a directory");
    }

    @Test
    void fileSinkNeedsADirectoryOrAPlaceWhereOneCanBeMade(@TempDir Path tmp) throws IOException {
        OperatorFactory sink = new FileSinkFactory();
        assertThat(sink.validate(path(tmp), 2)).isEmpty();
        assertThat(sink.validate(path(tmp.resolve("a/b/c")), 2)).isEmpty();
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertThat(sink.validate(path(file), 2))
                .contains("parameter 'path': " + file + " exists and is not a directory");
        assertThat(sink.validate(path(file.resolve("out/deeper")), 2)).contains("parameter 'path': "
                + file.resolve("out/deeper") + " cannot be created: " + file + " is not a directory");
    }

    @Test
    void fileSinkRefusesADirectoryItMayNotWriteIn(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "this user (root?) may write anywhere");
            assertThat(new FileSinkFactory().validate(path(locked), 1))
                    .contains("parameter 'path': " + locked + " is not writable");
            assertThat(new FileSinkFactory().validate(path(locked.resolve("out")), 1))
                    .contains("parameter 'path': " + locked.resolve("out") + " cannot be created: " + locked
                            + " is not writable");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void createLeavesTheFileSystemToOpenButStillRefusesBadSyntax() {
        assertThat(new TextSourceFactory().create(TestContext.of("t", Map.of("path", "no-such-input.txt")))).isNotNull();
        assertThatThrownBy(() -> new FileSinkFactory().create(TestContext.of("o", Map.of("path", 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("operator 'o': parameter 'path' must be the path of an output directory (got '5')");
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
