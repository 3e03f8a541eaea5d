package io.sluice.shuffle;

import io.sluice.api.job.JobId;
import io.sluice.api.slot.WorkerId;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The partitions the workers of this JVM hold, by key, so that consumers find them. A pipelined partition
 * leaves when it has been read to its end; a blocking one when its job ends or its worker goes away.
 * Thread-safe: producers register, consumers look up, TaskExecutors release, each from their own threads.
 */
public final class PartitionRegistry {
    private record Entry(ResultPartition partition, WorkerId owner) {
    }

    private final Map<ResultPartitionKey, Entry> partitions = new ConcurrentHashMap<>();
    /** Consumers waiting for a partition to be registered, woken when it is. */
    private final Map<ResultPartitionKey, List<Runnable>> awaiting = new ConcurrentHashMap<>();
    /** Held by registrations and by the whole clean-up, so that no job becomes live while its folder is deleted. */
    private final Object leftoverCleanup = new Object();

    /** Register before writing: the spill files of registered partitions are safe from {@link #deleteLeftoverSpills}. */
    public void register(ResultPartition partition, WorkerId owner) {
        ResultPartitionKey key = partition.key();
        synchronized (leftoverCleanup) {
            if (partitions.putIfAbsent(key, new Entry(partition, owner)) != null) {
                throw new PartitionException("partition " + key + " of job " + key.job() + " is already registered");
            }
        }
        if (!partition.type().isBlocking()) {
            partition.onConsumed(() -> partitions.remove(key));
        }
        List<Runnable> waiting = awaiting.remove(key);
        if (waiting != null) {
            synchronized (waiting) {
                waiting.forEach(Runnable::run);
            }
        }
    }

    /**
     * The partition, or {@code null} when it is not registered yet — then {@code onRegistered} runs (from the
     * registering thread) once it is.
     */
    public ResultPartition lookupOrAwait(ResultPartitionKey key, Runnable onRegistered) {
        ResultPartition partition = lookup(key);
        if (partition != null) {
            return partition;
        }
        List<Runnable> waiting = awaiting.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (waiting) {
            waiting.add(onRegistered);
        }
        return lookup(key); // registered meanwhile: the caller has it, and the wake-up is harmless
    }

    /** The partition, or {@code null} when its producer has not registered it yet or it is gone. */
    public ResultPartition lookup(ResultPartitionKey key) {
        Entry entry = partitions.get(key);
        return entry == null ? null : entry.partition();
    }

    /**
     * Releases one partition.
     *
     * @return the spill files and folders that could not be deleted (see {@link ResultPartition#release()})
     */
    public List<IOException> release(ResultPartitionKey key) {
        Entry entry = partitions.remove(key);
        return entry == null ? List.of() : entry.partition().release();
    }

    /** The job ended: every partition of it goes, and its spill folder with the last one. Returns as release. */
    public List<IOException> releaseJob(JobId job) {
        awaiting.keySet().removeIf(key -> key.job().equals(job));
        return releaseWhere((key, entry) -> key.job().equals(job));
    }

    /** The worker left: its partitions are lost to their consumers. Returns as {@link #release}. */
    public List<IOException> releaseWorker(WorkerId worker) {
        return releaseWhere((key, entry) -> entry.owner().equals(worker));
    }

    /** Every match is released even when deleting the files of another one failed. */
    private List<IOException> releaseWhere(BiPredicate<ResultPartitionKey, Entry> condition) {
        List<IOException> failures = new ArrayList<>(0);
        for (Map.Entry<ResultPartitionKey, Entry> e : partitions.entrySet()) {
            // remove(key, value): a concurrent release of the same partition does it once
            if (condition.test(e.getKey(), e.getValue()) && partitions.remove(e.getKey(), e.getValue())) {
                failures.addAll(e.getValue().partition().release());
            }
        }
        return failures;
    }

    /**
     * Deletes what an earlier process left in {@code spillDirectory} — a worker that crashed never released its
     * partitions: everything in it but the job folders of the partitions registered here, which the workers of
     * this process are using. Call it when a worker starts; any number of workers sharing this registry may.
     * The folder must not be shared with another live process.
     *
     * @return what could not be deleted, each failure naming its file; the rest is deleted regardless
     */
    public List<IOException> deleteLeftoverSpills(Path spillDirectory) {
        List<IOException> failures = new ArrayList<>(0);
        synchronized (leftoverCleanup) {
            Set<Path> live = new HashSet<>();
            for (ResultPartitionKey key : partitions.keySet()) {
                live.add(ResultPartition.jobFolder(spillDirectory, key.job()));
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(spillDirectory)) {
                for (Path entry : entries) {
                    if (!live.contains(entry)) {
                        deleteRecursively(entry, failures);
                    }
                }
            } catch (NoSuchFileException nothingSpilledYet) {
                // no worker of any process spilled here
            } catch (IOException | DirectoryIteratorException e) {
                failures.add(new IOException("cannot list spill folder " + spillDirectory + " (" + e + ")", e));
            }
        }
        return failures;
    }

    /** Does not follow links: a link in the spill folder goes, not what it points to. */
    private static void deleteRecursively(Path root, List<IOException> failures) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        failures.add(new IOException("cannot delete leftover spill " + file + " (" + e + ")", e));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                    if (e != null) {
                        visitFileFailed(directory, e);
                    }
                    delete(directory);
                    return FileVisitResult.CONTINUE;
                }

                private void delete(Path path) {
                    try {
                        Files.deleteIfExists(path);
                    } catch (DirectoryNotEmptyException notEmpty) {
                        // what kept it is reported already
                    } catch (IOException e) {
                        failures.add(new IOException("cannot delete leftover spill " + path + " (" + e + ")", e));
                    }
                }
            });
        } catch (IOException e) { // the visitor reports what fails: only the walk itself throws here
            failures.add(new IOException("cannot delete leftover spill " + root + " (" + e + ")", e));
        }
    }

    /** Partitions of {@code job} held here. */
    public int countOf(JobId job) {
        int count = 0;
        for (ResultPartitionKey key : partitions.keySet()) {
            if (key.job().equals(job)) {
                count++;
            }
        }
        return count;
    }
}
