package io.sluice.shuffle;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.operator.Pair;
import io.sluice.api.slot.WorkerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleTest {
    private static final JobId JOB = new JobId("job");
    private static final WorkerId WORKER = new WorkerId("w1");

    @TempDir
    Path spill;

    private final PartitionRegistry registry = new PartitionRegistry();

    private static ResultPartitionKey key(int producer) {
        return new ResultPartitionKey(JOB, "run-1", new IntermediateResultPartitionId(new IntermediateDataSetId("src->map"),
                producer), 0);
    }

    private ShuffleSettings settings(int batchSize, int batchesPerChannel, long memory) {
        return new ShuffleSettings(batchSize, batchesPerChannel, memory, spill);
    }

    private static List<Object> drain(InputGate gate) throws Exception {
        List<Object> records = new ArrayList<>();
        for (Object[] batch = gate.next(() -> { }); batch != null; batch = gate.next(() -> { })) {
            records.addAll(List.of(batch));
        }
        return records;
    }

    @Test
    void hashPartitionerSendsEveryKeyToOneChannelAndTheGateReadsEverythingOnce() throws Exception {
        ResultPartition partition = new ResultPartition(key(0), ResultPartitionType.BLOCKING, 3, settings(4, 2, 1 << 20));
        registry.register(partition, WORKER);
        RecordWriter writer = new RecordWriter(partition, PartitionerKind.HASH, 4, 0);
        for (long i = 0; i < 100; i++) {
            writer.emit(new Pair(i % 10, i));
        }
        writer.finish();
        List<Object> all = new ArrayList<>();
        List<java.util.Set<Object>> keysPerChannel = new ArrayList<>();
        for (int channel = 0; channel < 3; channel++) {
            List<Object> records = drain(new InputGate(registry, List.of(new InputGate.Channel(key(0), channel))));
            keysPerChannel.add(new java.util.HashSet<>(records.stream().map(r -> ((Pair) r).key()).toList()));
            all.addAll(records);
        }
        assertEquals(100, all.size());
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                java.util.Set<Object> common = new java.util.HashSet<>(keysPerChannel.get(a));
                common.retainAll(keysPerChannel.get(b));
                assertTrue(common.isEmpty(), "key on two channels: " + common);
            }
        }
    }

    @Test
    void broadcastSendsEveryRecordToEveryChannel() throws Exception {
        ResultPartition partition = new ResultPartition(key(0), ResultPartitionType.BLOCKING, 2, settings(8, 2, 1 << 20));
        registry.register(partition, WORKER);
        RecordWriter writer = new RecordWriter(partition, PartitionerKind.BROADCAST, 8, 0);
        for (long i = 0; i < 20; i++) {
            writer.emit(i);
        }
        writer.finish();
        for (int channel = 0; channel < 2; channel++) {
            assertEquals(20, drain(new InputGate(registry, List.of(new InputGate.Channel(key(0), channel)))).size());
        }
    }

    @Test
    void aFullPipelinedChannelBlocksItsProducerUntilTheConsumerReads() throws Exception {
        int batchesPerChannel = 2;
        ResultPartition partition = new ResultPartition(key(0), ResultPartitionType.PIPELINED, 1,
                settings(10, batchesPerChannel, 0));
        registry.register(partition, WORKER);
        AtomicInteger accepted = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    partition.add(0, new Object[] {(long) i});
                    accepted.incrementAndGet();
                }
                partition.finish();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        producer.start();
        await().atMost(10, SECONDS).until(() -> producer.getState() == Thread.State.TIMED_WAITING
                && accepted.get() >= batchesPerChannel);
        assertEquals(batchesPerChannel, accepted.get(), "the producer waits once the channel holds its capacity");
        List<Object> records = drain(new InputGate(registry, List.of(new InputGate.Channel(key(0), 0))));
        producer.join(10_000);
        assertEquals(50, records.size());
        assertEquals(0L, records.get(0));
        assertEquals(49L, records.get(49));
        assertNull(registry.lookup(key(0)), "a consumed pipelined partition leaves the registry");
    }

    @Test
    void aConsumerStartedBeforeItsProducerWaitsForThePartition() throws Exception {
        List<Object> received = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                received.addAll(drain(new InputGate(registry, List.of(new InputGate.Channel(key(0), 0),
                        new InputGate.Channel(key(1), 0)))));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        consumer.start();
        for (int producer = 0; producer < 2; producer++) {
            ResultPartition partition = new ResultPartition(key(producer), ResultPartitionType.PIPELINED, 1,
                    settings(3, 2, 0));
            registry.register(partition, WORKER);
            RecordWriter writer = new RecordWriter(partition, PartitionerKind.FORWARD, 3, producer);
            for (long i = 0; i < 10; i++) {
                writer.emit(producer * 100 + i);
            }
            writer.finish();
        }
        consumer.join(10_000);
        assertEquals(20, received.size());
    }

    @Test
    void blockingOutputBeyondItsMemoryBudgetSpillsAndIsReadBackTwiceInOrder() throws Exception {
        ResultPartition partition = new ResultPartition(key(0), ResultPartitionType.BLOCKING, 1, settings(16, 1, 256));
        registry.register(partition, WORKER);
        RecordWriter writer = new RecordWriter(partition, PartitionerKind.FORWARD, 16, 0);
        List<Object> written = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            Object record = i % 3 == 0 ? "word-" + i : new Pair(i, (double) i);
            written.add(record);
            writer.emit(record);
        }
        writer.finish();
        assertTrue(partition.spilled());
        try (var files = Files.list(spill.resolve(JOB.value()))) {
            assertEquals(1, files.count());
        }
        for (int reading = 0; reading < 2; reading++) { // a restarted consumer reads it again
            assertEquals(written, drain(new InputGate(registry, List.of(new InputGate.Channel(key(0), 0)))));
        }
        assertEquals(List.of(), registry.releaseJob(JOB));
        assertFalse(Files.exists(spill.resolve(JOB.value())), "spill files and their folder are deleted with the job");
    }

    @Test
    void aReleasedPartitionFailsItsBlockedProducer() throws Exception {
        ResultPartition partition = new ResultPartition(key(0), ResultPartitionType.PIPELINED, 1, settings(1, 1, 0));
        registry.register(partition, WORKER);
        List<Throwable> failure = new ArrayList<>();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    partition.add(0, new Object[] {i});
                }
            } catch (Throwable e) {
                failure.add(e);
            }
        });
        producer.start();
        await().atMost(10, SECONDS).until(() -> producer.getState() == Thread.State.TIMED_WAITING);
        registry.releaseWorker(WORKER);
        producer.join(10_000);
        assertEquals(1, failure.size());
        assertTrue(failure.get(0) instanceof PartitionException, failure.get(0).toString());
        assertNull(registry.lookup(key(0)));
    }

    @Test
    void recordsOfUnsupportedTypesAreRefusedWithTheirTypeName() {
        RecordCodec codec = new RecordCodec();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(new Object[] {new StringBuilder("x")}, 1));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
    }

    @Test
    void theCodecRoundTripsEverySupportedType() {
        Object[] records = {1L, -7, 2.5, true, false, "héllo", null, new Pair("k", new Pair(1L, "v"))};
        assertEquals(Arrays.asList(records), Arrays.asList(RecordCodec.decode(new RecordCodec().encode(records, records.length))));
    }

    @Test
    void blockingPartitionsShareOneMemoryBudgetAndGiveItBackWhenReleased() throws Exception {
        ShuffleSettings shared = settings(16, 1, 1_500);
        ResultPartition first = new ResultPartition(key(0), ResultPartitionType.BLOCKING, 1, shared);
        ResultPartition second = new ResultPartition(key(1), ResultPartitionType.BLOCKING, 1, shared);
        registry.register(first, WORKER);
        registry.register(second, WORKER);
        for (ResultPartition partition : List.of(first, second)) {
            RecordWriter writer = new RecordWriter(partition, PartitionerKind.FORWARD, 16, 0);
            for (long i = 0; i < 100; i++) { // about 930 bytes: each fits alone, not both together
                writer.emit(i);
            }
            writer.finish();
        }
        assertTrue(!first.spilled() && second.spilled(), "the second partition spills");
        assertTrue(shared.blockingMemory().used() > 0);
        registry.releaseJob(JOB);
        assertEquals(0, shared.blockingMemory().used());
    }
}
