package io.sluice.operators;

import io.sluice.api.operator.Collector;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import io.sluice.api.operator.SourceOperator;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code text-source {path}}: the lines of a UTF-8 text file. Subtask i of p emits the lines whose 0-based
 * number n has n % p == i; every subtask reads the whole file, which keeps the split deterministic without
 * coordination. {@link #validate} checks that the file exists and is readable where the job is compiled, so a
 * job with a wrong path never starts; a subtask checks again when it opens, on the worker that runs it.
 */
@Component
@OperatorType("text-source")
public class TextSourceFactory implements OperatorFactory {
    static final int BATCH = 1024;

    @Override
    public OperatorKind kind() {
        return OperatorKind.SOURCE;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return syntax(params).or(() -> Params.pathProblem(params, "path", Params::unreadableFile));
    }

    /** The checks that need no file system; open() checks the file, with the same words. */
    private static Optional<String> syntax(Map<String, Object> params) {
        return Params.unknown(params, "path").or(() -> Params.path(params, "path", "the path of a UTF-8 text file"));
    }

    @Override
    public Operator create(OperatorContext context) {
        return new TextSource(Path.of((String) Params.checked(context, TextSourceFactory::syntax).get("path")));
    }

    static final class TextSource implements SourceOperator {
        private final Path path;
        private String operatorId;
        private int subtask;
        private int parallelism;
        private BufferedReader reader;
        private long lineNumber;

        TextSource(Path path) {
            this.path = path;
        }

        @Override
        public void open(OperatorContext context) throws IOException {
            operatorId = context.operatorId();
            subtask = context.subtaskIndex();
            parallelism = context.parallelism();
            // the message has the path absolute: a relative one resolves against the worker's directory, not the client's
            Optional<String> problem = Params.unreadableFile(path);
            if (problem.isPresent()) {
                throw new FileNotFoundException("text-source '" + operatorId + "': " + problem.get());
            }
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }

        /** Reads at most {@link #BATCH} lines per call, emitted or not, so that a call stays short at any parallelism. */
        @Override
        public boolean emitNext(Collector out) throws IOException {
            try {
                for (int i = 0; i < BATCH; i++) {
                    String line = reader.readLine();
                    if (line == null) {
                        return false;
                    }
                    if (lineNumber++ % parallelism == subtask) {
                        out.collect(line);
                    }
                }
                return true;
            } catch (CharacterCodingException e) {
                // not chained: the decoder's own message ("Input length = 1") names neither the file nor the line,
                // and this one says all it knows
                throw new IOException(notUtf8(operatorId, path));
            }
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /**
     * {@code text-source '<id>': <file> is not UTF-8 text (malformed input at line <n>)}. The reader decodes ahead
     * of the line it returns, so the line is found by decoding the file again up to the bad bytes: slow, but only
     * once, for a job that fails anyway.
     */
    static String notUtf8(String operatorId, Path path) {
        long line;
        try {
            line = malformedLine(path);
        } catch (IOException e) {
            line = -1;
        }
        return "text-source '" + operatorId + "': " + path.toAbsolutePath() + " is not UTF-8 text"
                + (line > 0 ? " (malformed input at line " + line + ")" : "");
    }

    /**
     * The 1-based number of the line holding the first bytes that are not UTF-8, with lines ended like
     * {@link BufferedReader#readLine} ends them ({@code \n}, {@code \r} or {@code \r\n}); -1 if the file is all UTF-8.
     */
    static long malformedLine(Path path) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        boolean afterCr = false;
        try (ReadableByteChannel channel = Files.newByteChannel(path)) {
            boolean end = false;
            while (true) {
                end = end || channel.read(in) < 0;
                in.flip();
                CoderResult result = decoder.decode(in, out, end);
                out.flip();
                while (out.hasRemaining()) {
                    char c = out.get();
                    if (c == '\r' || c == '\n' && !afterCr) {
                        line++;
                    }
                    afterCr = c == '\r';
                }
                out.clear();
                if (result.isError()) {
                    return line;
                }
                if (end && result.isUnderflow()) {
                    return -1;
                }
                in.compact();
            }
        }
    }
}
