package io.sluice.taskexecutor.internal;

import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ShuffleSettings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The partitions of every TaskExecutor in this JVM, shared so that a consumer finds its producer's partition
 * whichever worker it runs on. Spills go under {@code ${sluice.data}/shuffle/process-<pid>}, a folder this process
 * holds a file lock for while it runs. At start, the folders whose lock nobody holds belong to processes that
 * crashed or were killed: they are deleted. Folders of live processes sharing {@code sluice.data} are left alone.
 */
@Component(service = LocalShuffle.class)
public class LocalShuffle {
    private static final String LOCK_SUFFIX = ".lock";

    private final PartitionRegistry partitions = new PartitionRegistry();
    private final Logger log;
    private final Path root;
    private final ShuffleSettings settings;
    private final FileChannel lockChannel;

    @Activate
    public LocalShuffle(@Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this(log, dataDirectory());
    }

    LocalShuffle(Logger log, Path dataDirectory) throws IOException {
        this.log = log;
        this.root = dataDirectory.resolve("shuffle");
        Files.createDirectories(root);
        String name = "process-" + ProcessHandle.current().pid();
        this.lockChannel = FileChannel.open(root.resolve(name + LOCK_SUFFIX), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        if (lockChannel.tryLock() == null) {
            lockChannel.close();
            throw new IOException("spill folder " + root.resolve(name) + " is locked by another live process");
        }
        this.settings = ShuffleSettings.defaults(root.resolve(name));
        warn(partitions.deleteLeftoverSpills(settings.spillDirectory())); // an earlier process had our pid
        deleteFoldersOfDeadProcesses(name);
    }

    private void deleteFoldersOfDeadProcesses(String own) {
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(root, "*" + LOCK_SUFFIX)) {
            for (Path lockFile : locks) {
                String name = lockFile.getFileName().toString();
                name = name.substring(0, name.length() - LOCK_SUFFIX.length());
                if (name.equals(own)) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                        FileLock lock = channel.tryLock()) {
                    if (lock != null) { // its process is gone
                        Path folder = root.resolve(name);
                        warn(partitions.deleteLeftoverSpills(folder));
                        Files.deleteIfExists(folder);
                        Files.deleteIfExists(lockFile);
                        log.info("deleted the spill folder {} of a process that ended without cleaning up", folder);
                    }
                } catch (OverlappingFileLockException lockedInThisJvm) {
                    // a live holder in this very JVM (tests run several platforms in one): not ours to delete
                } catch (IOException e) {
                    log.warn("cannot check the spill folder of {}: {}", name, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list spill folders under {}: {}", root, e.toString());
        }
    }

    private void warn(java.util.List<IOException> failures) {
        failures.forEach(failure -> log.warn("leftover spill data: {}", failure.getMessage()));
    }

    PartitionRegistry partitions() {
        return partitions;
    }

    ShuffleSettings settings() {
        return settings;
    }

    /** Every partition was released with its worker: the folder goes, and the lock with it. */
    @Deactivate
    void deactivate() throws IOException {
        warn(partitions.deleteLeftoverSpills(settings.spillDirectory()));
        Files.deleteIfExists(settings.spillDirectory());
        Files.deleteIfExists(root.resolve(settings.spillDirectory().getFileName() + LOCK_SUFFIX));
        lockChannel.close();
    }

    private static Path dataDirectory() {
        String data = System.getProperty("sluice.data");
        return data != null ? Path.of(data) : Path.of(System.getProperty("java.io.tmpdir"), "sluice-data");
    }
}
