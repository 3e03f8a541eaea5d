package io.sluice.operators;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.OperatorType;
import io.sluice.api.operator.SinkOperator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code file-sink {path}}: each subtask writes its records' {@code toString()}, one per line, to
 * {@code part-<subtask>} in the directory {@code path}. Output is written to a hidden per-attempt file and
 * renamed into place only by {@code finish()}, so a failed or cancelled attempt leaves nothing behind and a
 * restarted one replaces, never appends to, what an earlier attempt committed.
 */
@Component
@OperatorType("file-sink")
public class FileSinkFactory implements OperatorFactory {

    @Override
    public OperatorKind kind() {
        return OperatorKind.SINK;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return Params.unknown(params, "path").or(() -> Params.path(params, "path", "the path of an output directory"));
    }

    @Override
    public Operator create(OperatorContext context) {
        return new FileSink(Path.of((String) Params.checked(this, context).get("path")));
    }

    static final class FileSink implements SinkOperator {
        private final Path directory;
        private Path inProgress;
        private Path part;
        private FileChannel channel;
        private Writer writer;

        FileSink(Path directory) {
            this.directory = directory;
        }

        @Override
        public void open(OperatorContext context) throws IOException {
            try {
                Files.createDirectories(directory);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("file-sink '" + context.operatorId() + "': " + directory.toAbsolutePath()
                        + " exists and is not a directory", e);
            }
            int subtask = context.subtaskIndex();
            deleteLeftovers(subtask);
            part = directory.resolve("part-" + subtask);
            inProgress = directory.resolve(".part-" + subtask + "-attempt-" + context.attemptNumber() + ".inprogress");
            channel = FileChannel.open(inProgress, CREATE, WRITE, TRUNCATE_EXISTING);
            writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), 1 << 16);
        }

        /** An attempt that died with its JVM never ran close(): its in-progress file is removed here instead. */
        private void deleteLeftovers(int subtask) throws IOException {
            String glob = ".part-" + subtask + "-attempt-*.inprogress";
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, glob)) {
                for (Path file : stale) {
                    Files.deleteIfExists(file);
                }
            }
        }

        @Override
        public void write(Object record) throws IOException {
            writer.write(String.valueOf(record));
            writer.write('\n');
        }

        /** Commits: the data reaches the disk before the rename, and the rename is atomic, so part-i is whole or absent. */
        @Override
        public void finish() throws IOException {
            writer.flush();
            channel.force(true);
            writer.close();
            writer = null;
            Files.move(inProgress, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        }

        /** Makes the rename itself durable. Not every platform can open a directory (Windows cannot): best effort. */
        private void syncDirectory() {
            try (FileChannel dir = FileChannel.open(directory, READ)) {
                dir.force(true);
            } catch (IOException e) {
                // the rename is still atomic, only possibly lost on power failure
            }
        }

        /** Without a finish, discards the attempt's output: closing the channel drops what the writer still buffers. */
        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
            if (inProgress != null) {
                Files.deleteIfExists(inProgress);
            }
        }
    }
}
