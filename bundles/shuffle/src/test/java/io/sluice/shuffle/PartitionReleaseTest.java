package io.sluice.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.slot.WorkerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionReleaseTest {
    private static final JobId JOB = new JobId("job");
    private static final WorkerId WORKER = new WorkerId("w1");

    @TempDir
    Path spill;

    private final PartitionRegistry registry = new PartitionRegistry();

    private static ResultPartitionKey key(JobId job, int producer) {
        return new ResultPartitionKey(job, "run-1", new IntermediateResultPartitionId(new IntermediateDataSetId("src->sum"),
                producer), 0);
    }

    /** Writes {@code batches} batches of 16 longs into every subpartition and finishes the partition. */
    private static void write(ResultPartition partition, int batches) throws Exception {
        for (int batch = 0; batch < batches; batch++) {
            for (int sub = 0; sub < partition.numberOfSubpartitions(); sub++) {
                Object[] records = new Object[16];
                for (int i = 0; i < records.length; i++) {
                    records[i] = (long) (batch * 16 + i);
                }
                partition.add(sub, records);
            }
        }
        partition.finish();
    }

    private List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Root ignores permission bits but cannot delete a non-empty directory either: the delete of this file fails. */
    private static void makeUndeletable(Path spillFile) throws IOException {
        Files.delete(spillFile);
        Files.createDirectory(spillFile);
        Files.writeString(spillFile.resolve("pinned"), "keeps the directory non-empty");
    }

    @Test
    void aFailedSpillFileDeleteStillReleasesEveryPartitionAndRefundsItsMemoryAndIsReported() throws Exception {
        ShuffleSettings settings = new ShuffleSettings(16, 1, 1_000, spill); // a few batches fit, the rest spills
        ResultPartition broken = new ResultPartition(key(JOB, 0), ResultPartitionType.BLOCKING, 2, settings);
        ResultPartition healthy = new ResultPartition(key(JOB, 1), ResultPartitionType.BLOCKING, 1, settings);
        registry.register(broken, WORKER);
        registry.register(healthy, WORKER);
        write(broken, 20);
        write(healthy, 20);
        assertTrue(broken.spilled() && healthy.spilled());
        assertTrue(settings.blockingMemory().used() > 0);
        List<Path> spillFiles = filesUnder(spill);
        assertEquals(3, spillFiles.size(), spillFiles.toString());
        Path undeletable = spillFiles.stream().filter(f -> f.getFileName().toString().contains("-0-run-1-attempt0-sub0"))
                .findFirst().orElseThrow();
        makeUndeletable(undeletable);

        List<IOException> failures = registry.releaseJob(JOB);

        assertTrue(broken.isReleased() && healthy.isReleased(), "every partition is released");
        assertEquals(0, registry.countOf(JOB));
        assertEquals(0, settings.blockingMemory().used(), "the memory of every partition is given back");
        assertEquals(List.of(undeletable.resolve("pinned")), filesUnder(spill),
                "the other spill files, of the same partition and of the other one, are deleted");
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).getMessage().contains(undeletable.toString()), failures.get(0).getMessage());
    }

    @Test
    void releasingAJobDeletesItsSpillFolderAndKeepsTheFoldersOfOtherJobs() throws Exception {
        JobId other = new JobId("other");
        ShuffleSettings settings = new ShuffleSettings(16, 1, 0, spill);
        ResultPartition mine = new ResultPartition(key(JOB, 0), ResultPartitionType.BLOCKING, 2, settings);
        ResultPartition notSpilled = new ResultPartition(key(JOB, 1), ResultPartitionType.BLOCKING, 1, settings);
        ResultPartition theirs = new ResultPartition(key(other, 0), ResultPartitionType.BLOCKING, 1, settings);
        registry.register(mine, WORKER);
        registry.register(notSpilled, WORKER);
        registry.register(theirs, WORKER);
        write(mine, 3);
        notSpilled.finish();
        write(theirs, 3);
        assertTrue(Files.isDirectory(spill.resolve(JOB.value())));

        assertEquals(List.of(), registry.releaseJob(JOB));

        assertFalse(Files.exists(spill.resolve(JOB.value())), "the job's spill folder is deleted");
        assertEquals(1, filesUnder(spill.resolve(other.value())).size(), "the other job keeps its spill file");
    }

    @Test
    void theLastReleasedPartitionOfAJobTakesItsSpillFolder() throws Exception {
        ShuffleSettings settings = new ShuffleSettings(16, 1, 0, spill);
        ResultPartition first = new ResultPartition(key(JOB, 0), ResultPartitionType.BLOCKING, 1, settings);
        ResultPartition second = new ResultPartition(key(JOB, 1), ResultPartitionType.BLOCKING, 1, settings);
        registry.register(first, WORKER);
        registry.register(second, WORKER);
        write(first, 2);
        write(second, 2);

        registry.release(first.key());
        assertEquals(1, filesUnder(spill.resolve(JOB.value())).size(), "the folder stays while a partition needs it");
        registry.release(second.key());
        assertFalse(Files.exists(spill.resolve(JOB.value())));
    }

    @Test
    void aPartitionReleasedBeforeItsProducerSpillsFailsTheProducerAndLeavesNoFile() throws Exception {
        ShuffleSettings settings = new ShuffleSettings(16, 1, 0, spill);
        ResultPartition partition = new ResultPartition(key(JOB, 0), ResultPartitionType.BLOCKING, 1, settings);
        registry.register(partition, WORKER);
        registry.releaseJob(JOB); // the TaskExecutor's thread, while the producer's task is still being cancelled

        assertThrows(PartitionException.class, () -> partition.add(0, new Object[] {1L}));
        assertFalse(Files.exists(spill.resolve(JOB.value())), "a released partition creates no spill file");
    }

    @Test
    void aPartitionReleasedWhileItsProducerSpillsFailsTheProducerAndLeavesNoFile() throws Exception {
        ShuffleSettings settings = new ShuffleSettings(16, 1, 0, spill);
        for (int round = 0; round < 50; round++) { // releases land before, during and after the first spill
            ResultPartition partition = new ResultPartition(key(JOB, round), ResultPartitionType.BLOCKING, 4, settings);
            registry.register(partition, WORKER);
            List<Throwable> failure = new ArrayList<>();
            Thread producer = new Thread(() -> {
                try {
                    while (true) {
                        for (int sub = 0; sub < 4; sub++) {
                            partition.add(sub, new Object[] {1L, 2L, 3L});
                        }
                    }
                } catch (Throwable e) {
                    failure.add(e);
                }
            });
            producer.start();
            if (round % 2 == 0) {
                Thread.yield();
            }
            assertEquals(List.of(), registry.release(partition.key()));
            producer.join(10_000);
            assertFalse(producer.isAlive(), "the producer stops writing a released partition");
            assertTrue(failure.get(0) instanceof PartitionException, failure.get(0).toString());
            assertFalse(Files.exists(spill.resolve(JOB.value())), "round " + round + " left " + filesUnder(spill));
        }
    }

    @Test
    void leftoversOfAnEarlierProcessAreDeletedAndTheSpillFilesOfLivePartitionsKept() throws Exception {
        Path oldJob = Files.createDirectories(spill.resolve("0123456789abcdef0123456789abcdef"));
        Files.writeString(oldJob.resolve("src_sum-0-attempt0-sub0.spill"), "from a crashed worker");
        Files.createDirectories(spill.resolve("deeper").resolve("still"));
        Files.writeString(spill.resolve("deeper").resolve("still").resolve("x.spill"), "x");
        Files.writeString(spill.resolve("stray.spill"), "y");
        ShuffleSettings settings = new ShuffleSettings(16, 1, 0, spill);
        ResultPartition live = new ResultPartition(key(JOB, 0), ResultPartitionType.BLOCKING, 1, settings);
        registry.register(live, new WorkerId("w2")); // another worker of this process, already running
        write(live, 3);

        assertEquals(List.of(), registry.deleteLeftoverSpills(spill));

        try (Stream<Path> entries = Files.list(spill)) {
            assertEquals(List.of(spill.resolve(JOB.value())), entries.toList(), "only the live job's folder is left");
        }
        assertEquals(1, filesUnder(spill).size());
        SubpartitionReader reader = live.createReader(0, () -> { });
        int batches = 0;
        while (reader.poll() != SubpartitionReader.END) {
            batches++;
        }
        assertEquals(3, batches, "the live partition still reads back");
    }

    @Test
    void aMissingSpillDirectoryHasNoLeftovers() {
        assertEquals(List.of(), registry.deleteLeftoverSpills(spill.resolve("never-created")));
    }
}
