package io.sluice.benchmarks.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.slot.WorkerId;
import io.sluice.network.NetworkPartitions;
import io.sluice.network.NetworkSettings;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ResultPartition;
import io.sluice.shuffle.ResultPartitionKey;
import io.sluice.shuffle.ShuffleSettings;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The producing worker of {@link ChannelThroughput} in a JVM of its own: {@code runs} pipelined partitions of
 * {@code batches} batches of 512 longs each, every one written by its own producer thread at full speed (held
 * back only by its consumer's credit), served on a data port; and a raw Netty server that sends the same number of
 * frames of the same size to whoever connects, as fast as the socket takes them. Prints
 * {@code ready DATA_PORT RAW_PORT}; ends when its standard input does.
 */
public final class ChannelProducer {
    static final String READY = "ready ";
    static final int RECORDS_PER_BATCH = 512;

    private ChannelProducer() {
    }

    static ResultPartitionKey key(int run) {
        return new ResultPartitionKey(new JobId("throughput"), "run-" + run,
                new IntermediateResultPartitionId(new IntermediateDataSetId("producer->consumer"), 0), 0);
    }

    /** One batch, shared by every add: its records are immutable, and nothing writes into the array. */
    static Object[] batch() {
        Object[] batch = new Object[RECORDS_PER_BATCH];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (long) i * 1_000_003L;
        }
        return batch;
    }

    public static void main(String[] args) throws Exception {
        ClusterSecret secret = ClusterSecret.read(Path.of(args[0]));
        int runs = Integer.parseInt(args[1]);
        int batches = Integer.parseInt(args[2]);
        int rawFrameBytes = Integer.parseInt(args[3]);
        PartitionRegistry registry = new PartitionRegistry();
        Path spill = Files.createTempDirectory("sluice-throughput");
        Object[] batch = batch();
        for (int run = 0; run < runs; run++) {
            ResultPartition partition = new ResultPartition(key(run), ResultPartitionType.PIPELINED, 1,
                    ShuffleSettings.defaults(spill));
            registry.register(partition, new WorkerId("producer"));
            Thread producer = new Thread(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        partition.add(0, batch);
                    }
                    partition.finish();
                } catch (Exception e) {
                    // the partition was released: the benchmark ended early
                }
            }, "producer-" + run);
            producer.setDaemon(true);
            producer.start();
        }
        NetworkPartitions network = new NetworkPartitions(TransportSettings.loopback(secret), registry,
                NetworkSettings.DEFAULT, 0, warning -> System.err.println("producer: " + warning));
        EventLoopGroup rawGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Channel raw = new ServerBootstrap().group(rawGroup).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new RawSender(batches, rawFrameBytes))
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        String dataPort = network.dataAddress().substring(network.dataAddress().lastIndexOf(':') + 1);
        System.out.println(READY + dataPort + " " + ((InetSocketAddress) raw.localAddress()).getPort());
        System.out.flush();
        CompletableFuture.runAsync(() -> {
            try {
                while (System.in.read() >= 0) {
                    // only its end matters
                }
            } catch (java.io.IOException ended) {
                // the same
            }
        }).get(1, TimeUnit.HOURS);
        raw.close();
        rawGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        network.close();
        System.exit(0);
    }

    /** Sends {@code frames} frames of {@code bytes} bytes (length-prefixed), keeping the socket busy, never its heap. */
    private static final class RawSender extends ChannelInboundHandlerAdapter {
        private final int frames;
        private final byte[] payload;

        RawSender(int frames, int bytes) {
            this.frames = frames;
            this.payload = new byte[bytes];
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().attr(SENT).set(0);
            send(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            int sent = ctx.channel().attr(SENT).get();
            while (sent < frames && ctx.channel().isWritable()) {
                ByteBuf frame = ctx.alloc().buffer(4 + payload.length);
                frame.writeInt(payload.length).writeBytes(payload);
                ctx.write(frame);
                sent++;
            }
            ctx.channel().attr(SENT).set(sent);
            ctx.flush();
        }

        private static final io.netty.util.AttributeKey<Integer> SENT = io.netty.util.AttributeKey.valueOf("sent");
    }
}
