package io.sluice.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.slot.WorkerId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordWriterTest {
    /** Enough observed changes that the observer's loop is JIT-compiled while the producer still writes. */
    private static final int CHANGES_TO_SEE = 1_000_000;

    @TempDir
    Path spill;

    /**
     * The TaskExecutor's main thread reads the count for progress reports while the task thread writes it. A count
     * read as a plain field may be hoisted out of the reader's loop once compiled, and the reader never sees
     * another value: here it would spin until the bound.
     */
    @Test
    void anotherThreadSeesTheRecordsOutCountGrowWhileTheProducerWrites() throws Exception {
        ResultPartitionKey key = new ResultPartitionKey(new JobId("job"), "run-1",
                new IntermediateResultPartitionId(new IntermediateDataSetId("src->sink"), 0), 0);
        ResultPartition partition = new ResultPartition(key, ResultPartitionType.PIPELINED, 1,
                new ShuffleSettings(1024, 4, 0, spill));
        RecordWriter writer = new RecordWriter(partition, PartitionerKind.FORWARD, 1024, 0);
        PartitionRegistry registry = new PartitionRegistry();
        registry.register(partition, new WorkerId("w1"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread consumer = daemon(() -> {
            InputGate gate = new InputGate(registry, List.of(new InputGate.Channel(key, 0)));
            while (gate.next(() -> { }) != null) {
                // drops what the producer wrote: only the count matters
            }
        }, failure);
        Thread producer = daemon(() -> {
            Long record = 1L;
            while (wrong.get() == null) {
                writer.emit(record);
            }
            writer.finish();
        }, failure);
        Thread observer = daemon(() -> {
            long last = writer.recordsOut();
            for (int change = 0; change < CHANGES_TO_SEE; change++) {
                long now = nextValue(writer, last);
                if (now < last) {
                    wrong.set("the count went back from " + last + " to " + now);
                    return;
                }
                last = now;
            }
            wrong.set("");
        }, failure);
        consumer.start();
        producer.start();
        observer.start();
        observer.join(20_000);
        boolean stuck = observer.isAlive();
        wrong.compareAndSet(null, "stuck"); // stops the producer either way
        producer.join(10_000);
        consumer.join(10_000);
        assertNull(failure.get());
        assertFalse(stuck, "the observer stopped seeing the count change at " + writer.recordsOut());
        assertEquals("", wrong.get());
        assertFalse(producer.isAlive() || consumer.isAlive());
        assertTrue(writer.recordsOut() >= CHANGES_TO_SEE);
    }

    /** A method of its own, so that it is soon compiled as a whole, loop included. */
    private static long nextValue(RecordWriter writer, long last) {
        long now;
        while ((now = writer.recordsOut()) == last) {
            // nothing here orders the read: the count alone must make the producer's writes visible
        }
        return now;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread daemon(Body body, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        thread.setDaemon(true);
        return thread;
    }
}
