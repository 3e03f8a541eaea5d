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
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code text-source {path}}: the lines of a UTF-8 text file. Subtask i of p emits the lines whose 0-based
 * number n has n % p == i; every subtask reads the whole file, which keeps the split deterministic without
 * coordination. The file is looked for when a subtask opens, on the worker that runs it: at compile time it
 * may not exist yet, or exist only on the workers.
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
        return Params.unknown(params, "path").or(() -> Params.path(params, "path", "the path of a UTF-8 text file"));
    }

    @Override
    public Operator create(OperatorContext context) {
        return new TextSource(Path.of((String) Params.checked(this, context).get("path")));
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
            if (!Files.isRegularFile(path)) {
                // absolute, because a relative path resolves against the worker's directory, not the client's
                throw new FileNotFoundException("text-source '" + operatorId + "': "
                        + (Files.exists(path) ? "not a regular file: " : "no such file: ") + path.toAbsolutePath());
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
                // the decoder's own message ("Input length = 1") does not name the file; no line number either,
                // because the reader decodes ahead of the line it returns
                throw new IOException("text-source '" + operatorId + "': " + path.toAbsolutePath()
                        + " is not valid UTF-8", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
