package io.sluice.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.slot.WorkerId;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ResultPartition;
import io.sluice.shuffle.ResultPartitionKey;
import io.sluice.shuffle.ShuffleSettings;
import io.sluice.shuffle.SubpartitionReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data port under bad input: whatever arrives, the connection that sent it is closed, nothing is served to it,
 * and the worker goes on serving its real consumers; a corrupt batch fails the channel that got it, not the worker.
 */
class DataPortBadInputTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final PartitionRegistry registry = new PartitionRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    @TempDir
    Path spill;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ResultPartitionKey key() {
        return new ResultPartitionKey(new JobId("job"), "run-1",
                new IntermediateResultPartitionId(new IntermediateDataSetId("a->b"), 0), 0);
    }

    /** Idle connections close within closedAfter's 5 s; a real consumer on a busy machine still authenticates. */
    private PartitionServer server() {
        PartitionServer server = new PartitionServer("127.0.0.1", 0, group, registry, new NetworkBufferPool(4096, 16),
                NetworkShuffleTest.SECRET, Duration.ofSeconds(2), warnings::add);
        closeables.add(server);
        return server;
    }

    private PartitionClient client() {
        PartitionClient client = new PartitionClient(group, new NetworkBufferPool(4096, 16), NetworkSettings.DEFAULT,
                NetworkShuffleTest.SECRET, Duration.ofSeconds(5), Duration.ofSeconds(5), warnings::add);
        closeables.add(client);
        return client;
    }

    /** Sends {@code bytes} on a fresh socket; whether the server closed it within 5 s. */
    private static boolean closedAfter(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException closedWhileWriting) {
                return true;
            }
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // an ERROR frame may come first
                }
                return true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private static byte[] frame(byte kind, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(8 + body.length);
        frame.putInt(4 + body.length).putShort(DataFrames.MAGIC).put(DataFrames.PROTOCOL_VERSION).put(kind).put(body);
        return frame.array();
    }

    private void assertStillServing(PartitionServer server) throws Exception {
        ResultPartitionKey key = new ResultPartitionKey(new JobId("job"), "run-" + System.nanoTime(),
                new IntermediateResultPartitionId(new IntermediateDataSetId("a->b"), 0), 0);
        ResultPartition partition = new ResultPartition(key, ResultPartitionType.BLOCKING, 1,
                new ShuffleSettings(64, 4, 1 << 20, spill));
        registry.register(partition, new WorkerId("w"));
        partition.add(0, new Object[] {1L, 2L, 3L});
        partition.finish();
        PartitionClient client = client();
        RemoteChannel channel = client.open("127.0.0.1", server.port(), key, 0, client.newGate(), () -> { });
        List<Object> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Object[] batch;
        while ((batch = channel.poll()) != SubpartitionReader.END && System.nanoTime() < deadline) {
            if (batch != null) {
                records.addAll(List.of(batch));
            }
        }
        assertThat(records).containsExactly(1L, 2L, 3L);
        channel.close();
    }

    @Test
    void randomBytesAFrameBeforeAuthenticationAndAnOversizedFrameCloseTheConnectionAndServingGoesOn()
            throws Exception {
        PartitionServer server = server();
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] noise = new byte[1 + random.nextInt(2_000)];
            random.nextBytes(noise);
            assertThat(closedAfter(server.port(), noise)).as("random bytes %d", i).isTrue();
        }
        byte[] request = new byte[64];
        assertThat(closedAfter(server.port(), frame(DataFrames.REQUEST, request))).isTrue();
        assertThat(closedAfter(server.port(), frame(DataFrames.CREDIT, new byte[8]))).isTrue();
        ByteBuffer oversized = ByteBuffer.allocate(8).putInt(64 * 1024 * 1024).putShort(DataFrames.MAGIC);
        assertThat(closedAfter(server.port(), oversized.array())).isTrue();
        // a Java-serialized stream (its magic is AC ED)
        assertThat(closedAfter(server.port(), new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0, 0})).isTrue();
        // an idle connection is closed after the handshake timeout
        assertThat(closedAfter(server.port(), new byte[0])).isTrue();

        assertStillServing(server);
        assertThat(server.openConnections()).isLessThanOrEqualTo(1);
    }

    /** An authenticated peer that sends one random frame of a random kind, then waits for the connection to close. */
    private void fuzzOnce(int port, Random random) throws Exception {
        java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
        Channel channel = new io.netty.bootstrap.Bootstrap().group(group)
                .channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4));
                        channel.pipeline().addLast(new DataConnection(NetworkShuffleTest.SECRET, true,
                                Duration.ofSeconds(5), "fuzzed producer", warning -> { }) {
                            @Override
                            void onReady() {
                                byte[] body = new byte[random.nextInt(64)];
                                random.nextBytes(body);
                                byte kind = (byte) random.nextInt(20);
                                ByteBuf frame = DataFrames.start(this.channel, kind, body.length);
                                frame.writeBytes(body);
                                this.channel.writeAndFlush(DataFrames.finish(frame));
                                // a frame that parses (a credit for an unknown channel) leaves it open: close it
                                this.channel.eventLoop().schedule(() -> this.channel.close(), 200,
                                        TimeUnit.MILLISECONDS);
                            }

                            @Override
                            void onFrame(byte kind, ByteBuf frame) {
                                frame.skipBytes(frame.readableBytes());
                            }

                            @Override
                            void onClosed() {
                                closed.complete(null);
                            }
                        });
                    }
                }).connect("127.0.0.1", port).syncUninterruptibly().channel();
        closed.get(10, TimeUnit.SECONDS);
        channel.close();
    }

    @Test
    void aThousandRandomFramesFromAnAuthenticatedPeerCrashNothingAndLeaveNothingBehind() throws Exception {
        PartitionServer server = server();
        assertStillServing(server);
        int threadsBefore = Thread.activeCount();
        int connectionsBefore = server.openConnections(); // the real consumer's
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            fuzzOnce(server.port(), random);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.openConnections() == connectionsBefore);
        assertStillServing(server);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2);
    }

    @Test
    void aCorruptBatchFailsItsChannelWithAClearErrorAndTheConnectionStays() throws Exception {
        // a producer that answers every request with a buffer that is no record batch, then ends
        Channel fake = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4));
                        channel.pipeline().addLast(new DataConnection(NetworkShuffleTest.SECRET, false,
                                Duration.ofSeconds(5), "consumer", warnings::add) {
                            @Override
                            void onReady() {
                            }

                            @Override
                            void onFrame(byte kind, ByteBuf frame) {
                                if (kind != DataFrames.REQUEST) {
                                    return;
                                }
                                int id = frame.readInt();
                                frame.skipBytes(frame.readableBytes());
                                ByteBuf buffer = DataFrames.start(this.channel, DataFrames.BUFFER, 64);
                                buffer.writeInt(id).writeInt(0);
                                buffer.writeShort(BatchFormat.MAGIC).writeByte(BatchFormat.VERSION).writeInt(9)
                                        .writeInt(1).writeByte(99).writeInt(0);
                                this.channel.write(DataFrames.finish(buffer));
                                ByteBuf end = DataFrames.start(this.channel, DataFrames.END, 4);
                                end.writeInt(id);
                                this.channel.writeAndFlush(DataFrames.finish(end));
                            }

                            @Override
                            void onClosed() {
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        closeables.add(() -> fake.close().syncUninterruptibly());
        int port = ((InetSocketAddress) fake.localAddress()).getPort();
        PartitionClient client = client();

        for (int attempt = 0; attempt < 2; attempt++) {
            RemoteChannel channel = client.open("127.0.0.1", port, key(), 0, client.newGate(), () -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            assertThatThrownBy(() -> {
                while (System.nanoTime() < deadline) {
                    channel.poll();
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("corrupt record batch")
                    .hasMessageContaining("unknown tag 99").hasMessageContaining("a->b");
            channel.close();
        }
        assertThat(client.openConnections()).isEqualTo(1);
    }
}
