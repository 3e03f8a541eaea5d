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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * {@code file-sink {path}}: each subtask writes its records' {@code toString()}, one per line, to
 * {@code part-<subtask>} in the directory {@code path}. Output is written to a hidden per-attempt file and
 * renamed into place only by {@code finish()}, so a failed or cancelled attempt leaves nothing behind and a
 * restarted one replaces, never appends to, what an earlier attempt committed. Subtask 0 removes the
 * {@code part-<n>} files with n >= parallelism, which an earlier run with more subtasks left, so the directory
 * holds exactly this run's output; other files in it are never touched.
 */
@Component
@OperatorType("file-sink")
public class FileSinkFactory implements OperatorFactory {
    /** A committed part as this sink names it: {@code part-<subtask>}, the subtask in canonical decimal. */
    private static final Pattern PART = Pattern.compile("part-(0|[1-9][0-9]{0,8})");
    /** An attempt's output before its commit. */
    private static final Pattern IN_PROGRESS = Pattern.compile("\\.part-(0|[1-9][0-9]{0,8})-attempt-[0-9]+\\.inprogress");

    @Override
    public OperatorKind kind() {
        return OperatorKind.SINK;
    }

    @Override
    public Optional<String> validate(Map<String, Object> params, int parallelism) {
        return syntax(params).or(() -> Params.pathProblem(params, "path", Params::unusableDirectory));
    }

    /** The checks that need no file system; open() checks the directory, with the same words. */
    private static Optional<String> syntax(Map<String, Object> params) {
        return Params.unknown(params, "path").or(() -> Params.path(params, "path", "the path of an output directory"));
    }

    @Override
    public Operator create(OperatorContext context) {
        return new FileSink(Path.of((String) Params.checked(context, FileSinkFactory::syntax).get("path")));
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
            String where = "file-sink '" + context.operatorId() + "': ";
            Optional<String> problem = Params.unusableDirectory(directory);
            if (problem.isPresent()) {
                throw new IOException(where + problem.get());
            }
            try {
                Files.createDirectories(directory);
            } catch (FileAlreadyExistsException e) { // made a file since the check
                throw new IOException(where + directory.toAbsolutePath() + " exists and is not a directory", e);
            } catch (IOException e) {
                throw new IOException(where + directory.toAbsolutePath() + " cannot be created: " + e, e);
            }
            int subtask = context.subtaskIndex();
            deleteLeftovers(subtask, context.parallelism());
            part = directory.resolve("part-" + subtask);
            inProgress = directory.resolve(".part-" + subtask + "-attempt-" + context.attemptNumber() + ".inprogress");
            channel = FileChannel.open(inProgress, CREATE, WRITE, TRUNCATE_EXISTING);
            writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), 1 << 16);
        }

        /**
         * Removes what does not belong to this run: the in-progress files that attempts of this subtask left when
         * they died with their JVM (and so never ran close()), and, in subtask 0, the parts and in-progress files
         * of subtasks >= parallelism, which an earlier run with more subtasks left. Only regular files with the
         * names this sink gives are removed.
         */
        private void deleteLeftovers(int subtask, int parallelism) throws IOException {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    if (isLeftover(file.getFileName().toString(), subtask, parallelism)
                            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }

        /** Whether subtask {@code subtask} of {@code parallelism} removes the file {@code name} at open. */
        static boolean isLeftover(String name, int subtask, int parallelism) {
            Matcher inProgress = IN_PROGRESS.matcher(name);
            if (inProgress.matches()) {
                int owner = Integer.parseInt(inProgress.group(1));
                return owner == subtask || subtask == 0 && owner >= parallelism;
            }
            Matcher part = PART.matcher(name);
            return subtask == 0 && part.matches() && Integer.parseInt(part.group(1)) >= parallelism;
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
