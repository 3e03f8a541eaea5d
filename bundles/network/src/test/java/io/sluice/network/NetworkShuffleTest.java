package io.sluice.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.operator.Pair;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ResultPartition;
import io.sluice.shuffle.ResultPartitionKey;
import io.sluice.shuffle.ShuffleSettings;
import io.sluice.shuffle.SubpartitionReader;
import io.sluice.api.slot.WorkerId;
import io.sluice.transport.ClusterSecret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two workers' data planes in one JVM, talking over loopback: what crosses, in what order, in how much memory. */
class NetworkShuffleTest {
    static final ClusterSecret SECRET = ClusterSecret.of("a test secret of enough bytes".getBytes());
    static final Duration HANDSHAKE = Duration.ofSeconds(5);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final PartitionRegistry producerRegistry = new PartitionRegistry();
    @TempDir
    Path spill;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private PartitionServer server(NetworkBufferPool pool) {
        PartitionServer server = new PartitionServer("127.0.0.1", 0, group, producerRegistry, pool, SECRET, HANDSHAKE,
                warnings::add);
        closeables.add(server);
        return server;
    }

    private PartitionClient client(NetworkBufferPool pool, NetworkSettings settings, ClusterSecret secret) {
        PartitionClient client = new PartitionClient(group, pool, settings, secret, HANDSHAKE, Duration.ofSeconds(5),
                warnings::add);
        closeables.add(client);
        return client;
    }

    private static ResultPartitionKey key(int index) {
        return new ResultPartitionKey(new JobId("job"), "run-1",
                new IntermediateResultPartitionId(new IntermediateDataSetId("src->sum"), index), 0);
    }

    private ResultPartition partition(ResultPartitionType type, int batchesPerChannel) {
        ResultPartition partition = new ResultPartition(key(0), type, 1,
                new ShuffleSettings(64, batchesPerChannel, 1 << 20, spill));
        producerRegistry.register(partition, new WorkerId("producer"));
        return partition;
    }

    /** Writes {@code batches} batches of 64 longs, counting up, then finishes; on its own thread. */
    private static Thread produce(ResultPartition partition, int batches) {
        Thread producer = new Thread(() -> {
            try {
                long next = 0;
                for (int b = 0; b < batches; b++) {
                    Object[] batch = new Object[64];
                    for (int i = 0; i < batch.length; i++) {
                        batch[i] = next++;
                    }
                    partition.add(0, batch);
                }
                partition.finish();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        }, "producer");
        producer.start();
        return producer;
    }

    /** Every record until the end, polling as a task's input gate does (bounded). */
    private static List<Object> readAll(SubpartitionReader reader) throws IOException {
        List<Object> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Object[] batch = reader.poll();
            if (batch == SubpartitionReader.END) {
                return records;
            }
            if (batch != null) {
                records.addAll(List.of(batch));
            } else {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("no end within 30 s after " + records.size() + " records");
    }

    private static List<Object> counting(int count) {
        List<Object> expected = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            expected.add(i);
        }
        return expected;
    }

    @Test
    void aPipelinedSubpartitionCrossesInOrderAndEveryBufferComesBackOnBothSides() throws Exception {
        NetworkBufferPool serverPool = new NetworkBufferPool(4096, 16);
        NetworkBufferPool clientPool = new NetworkBufferPool(4096, 16);
        PartitionServer server = server(serverPool);
        PartitionClient client = client(clientPool, NetworkSettings.DEFAULT, SECRET);
        ResultPartition partition = partition(ResultPartitionType.PIPELINED, 4);
        Thread producer = produce(partition, 2_000);

        RemoteChannel channel = client.open("127.0.0.1", server.port(), key(0), 0, client.newGate(), () -> { });
        assertThat(readAll(channel)).isEqualTo(counting(128_000));
        producer.join(10_000);
        channel.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> serverPool.inUse() == 0 && clientPool.inUse() == 0);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aBlockingPartitionIsReadFromTheOtherWorkerOnceFinished() throws Exception {
        NetworkBufferPool pool = new NetworkBufferPool(4096, 16);
        PartitionServer server = server(pool);
        PartitionClient client = client(new NetworkBufferPool(4096, 16), NetworkSettings.DEFAULT, SECRET);
        ResultPartition partition = partition(ResultPartitionType.BLOCKING, 4);
        produce(partition, 100).join(10_000);

        RemoteChannel channel = client.open("127.0.0.1", server.port(), key(0), 0, client.newGate(), () -> { });
        assertThat(readAll(channel)).isEqualTo(counting(6_400));
        channel.close();
    }

    @Test
    void aSlowConsumerHoldsItsProducerBackWithinTheConfiguredBuffers() throws Exception {
        NetworkBufferPool serverPool = new NetworkBufferPool(4096, 64);
        NetworkBufferPool clientPool = new NetworkBufferPool(4096, 64);
        PartitionServer server = server(serverPool);
        NetworkSettings settings = new NetworkSettings(4096, 64, 2, 3, Duration.ofSeconds(10));
        PartitionClient client = client(clientPool, settings, SECRET);
        ResultPartition partition = partition(ResultPartitionType.PIPELINED, 4);
        Thread producer = produce(partition, 10_000);
        FloatingBuffers gate = client.newGate();
        RemoteChannel channel = client.open("127.0.0.1", server.port(), key(0), 0, gate, () -> { });

        // nobody reads: the receiver fills its 2 exclusive buffers and at most the gate's 3 floating ones (lent
        // while the sender says it has a backlog), then the producer waits
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.getState() == Thread.State.TIMED_WAITING
                && clientPool.inUse() >= 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> clientPool.inUse() <= 5
                && gate.lent() <= 3 && producer.getState() == Thread.State.TIMED_WAITING);
        assertThat(serverPool.inUse()).isZero();

        assertThat(readAll(channel)).isEqualTo(counting(640_000));
        channel.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> clientPool.inUse() == 0 && gate.lent() == 0);
    }

    @Test
    void aPartitionRegisteredAfterTheRequestIsFoundWhenAskedAgain() throws Exception {
        PartitionServer server = server(new NetworkBufferPool(4096, 16));
        PartitionClient client = client(new NetworkBufferPool(4096, 16), NetworkSettings.DEFAULT, SECRET);
        RemoteChannel channel = client.open("127.0.0.1", server.port(), key(0), 0, client.newGate(), () -> { });
        Thread.sleep(50); // the producer is still being deployed
        Thread producer = produce(partition(ResultPartitionType.PIPELINED, 4), 10);
        assertThat(readAll(channel)).isEqualTo(counting(640));
        producer.join(10_000);
    }

    @Test
    void aPartitionThatNeverComesIsNotFoundAfterTheRequestBackoff() throws Exception {
        PartitionServer server = server(new NetworkBufferPool(4096, 16));
        NetworkSettings settings = new NetworkSettings(4096, 16, 2, 8, Duration.ofMillis(200));
        PartitionClient client = client(new NetworkBufferPool(4096, 16), settings, SECRET);
        RemoteChannel channel = client.open("127.0.0.1", server.port(), key(7), 0, client.newGate(), () -> { });
        assertThatThrownBy(() -> readAll(channel)).isInstanceOf(PartitionNotFoundException.class)
                .hasMessageContaining("src->sum#7");
    }

    @Test
    void aPeerWithoutTheClusterSecretGetsNothing() throws Exception {
        PartitionServer server = server(new NetworkBufferPool(4096, 16));
        PartitionClient intruder = client(new NetworkBufferPool(4096, 16), NetworkSettings.DEFAULT,
                ClusterSecret.of("another secret of enough bytes".getBytes()));
        produce(partition(ResultPartitionType.BLOCKING, 4), 10).join(10_000);
        RemoteChannel channel = intruder.open("127.0.0.1", server.port(), key(0), 0, intruder.newGate(), () -> { });
        assertThatThrownBy(() -> readAll(channel)).isInstanceOf(IOException.class).hasMessageContaining("lost");
        assertThat(warnings).anyMatch(w -> w.contains("does not know the cluster secret"));
    }

    @Test
    void aChannelNeedsItsExclusiveBuffersOrFailsNamingTheSetting() {
        PartitionClient client = client(new NetworkBufferPool(4096, 3), NetworkSettings.DEFAULT, SECRET);
        assertThatThrownBy(() -> {
            client.open("127.0.0.1", 1, key(0), 0, client.newGate(), () -> { });
            client.open("127.0.0.1", 1, key(1), 0, client.newGate(), () -> { });
        }).isInstanceOf(IOException.class).hasMessageContaining("taskexecutor.network.memory");
    }

    @Test
    void everyRecordTypeOfTheOperatorApiCrossesAndABatchLargerThanABufferIsSplit() throws Exception {
        NetworkBufferPool pool = new NetworkBufferPool(1024, 16);
        PartitionServer server = server(pool);
        PartitionClient client = client(new NetworkBufferPool(1024, 16),
                new NetworkSettings(1024, 16, 2, 8, Duration.ofSeconds(10)), SECRET);
        ResultPartition partition = partition(ResultPartitionType.BLOCKING, 4);
        Object[] batch = new Object[300];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = switch (i % 6) {
                case 0 -> (long) i;
                case 1 -> i;
                case 2 -> i / 3.0;
                case 3 -> i % 4 == 1;
                case 4 -> "word-" + i + "-é";
                default -> new Pair("k" + i, new Pair((long) i, null));
            };
        }
        List<Object> expected = List.of(batch.clone());
        partition.add(0, batch);
        partition.finish();
        RemoteChannel channel = client.open("127.0.0.1", server.port(), key(0), 0, client.newGate(), () -> { });
        assertThat(readAll(channel)).isEqualTo(expected);
    }
}
