package io.sluice.benchmarks.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.sluice.benchmarks.ChildProcess;
import io.sluice.network.BatchFormat;
import io.sluice.network.NetworkPartitions;
import io.sluice.network.NetworkSettings;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.SubpartitionReader;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.TransportSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Bytes per second through one remote channel between two processes, against a raw Netty transfer of as many
 * frames of the same size on the same loopback as the ceiling: {@link ChannelProducer} in a JVM of its own writes
 * batches of 512 longs at full speed, this JVM reads them through a {@code RemoteChannel} (credits, segments, the
 * batch format, decoding into records) and, back to back in alternating order, reads the raw frames and discards
 * them. Bounded: every read has a 5-minute limit, and the producer process ends with this one.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.network.ChannelThroughput [RUNS [WARMUP [BATCHES]]]</pre>
 */
public final class ChannelThroughput {
    private ChannelThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        byte[] segment = new byte[NetworkSettings.DEFAULT_SEGMENT_BYTES];
        BatchFormat.encode(ChannelProducer.batch(), 0, segment);
        int batchBytes = BatchFormat.size(segment);
        Path secretFile = Files.createTempDirectory("sluice-throughput").resolve("cluster.secret");
        ClusterSecret secret = ClusterSecret.generateInto(secretFile);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChannelProducer.class.getName(), secretFile.toString(),
                Integer.toString(warmup + runs), Integer.toString(batches), Integer.toString(batchBytes))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        List<Double> sluice = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        EventLoopGroup rawGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ChildProcess producer = ChildProcess.start("channel producer", builder);
                NetworkPartitions consumer = new NetworkPartitions(TransportSettings.loopback(secret),
                        new PartitionRegistry(), NetworkSettings.DEFAULT, 0, warning -> System.err.println(warning))) {
            String[] ports = producer.awaitLine(ChannelProducer.READY, Duration.ofSeconds(60)).split(" ");
            String dataAddress = "localhost:" + ports[0];
            int rawPort = Integer.parseInt(ports[1]);
            long bytes = (long) batches * batchBytes;
            for (int r = 0; r < warmup + runs; r++) {
                int run = r;
                double[] pair = new double[2];
                boolean sluiceFirst = run % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == sluiceFirst) {
                        pair[0] = bytes / seconds(() -> readChannel(consumer, dataAddress, run, batches)) / 1e6;
                    } else {
                        pair[1] = bytes / seconds(() -> readRaw(rawGroup, rawPort,
                                (long) batches * (4 + batchBytes))) / 1e6;
                    }
                }
                String kind = run < warmup ? "warm-up" : "run";
                System.out.printf("%s %d: channel %.1f MB/s, raw %.1f MB/s (%.0f %%)%n", kind, run + 1, pair[0],
                        pair[1], 100 * pair[0] / pair[1]);
                if (run >= warmup) {
                    sluice.add(pair[0]);
                    raw.add(pair[1]);
                }
            }
        } finally {
            rawGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.out.printf("%d batches of %d bytes (512 longs) per run, %d runs after %d warm-up%n", batches,
                batchBytes, runs, warmup);
        System.out.printf("| one channel, two processes | median MB/s | min MB/s |%n| --- | ---: | ---: |%n");
        System.out.printf("| RemoteChannel (records decoded) | %.1f | %.1f |%n", median(sluice), Collections.min(sluice));
        System.out.printf("| raw Netty, same frames | %.1f | %.1f |%n", median(raw), Collections.min(raw));
        System.out.printf("| ratio | %.0f %% | |%n", 100 * median(sluice) / median(raw));
        System.exit(0);
    }

    private interface Read {
        void run() throws Exception;
    }

    private static double seconds(Read read) throws Exception {
        long start = System.nanoTime();
        read.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Every record of the run's partition, decoded, until its end. */
    private static void readChannel(NetworkPartitions consumer, String address, int run, int batches) throws Exception {
        Thread reader = Thread.currentThread();
        SubpartitionReader channel = consumer.newGate().open(address, ChannelProducer.key(run), 0,
                () -> LockSupport.unpark(reader));
        long records = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        try {
            for (Object[] batch = channel.poll(); batch != SubpartitionReader.END; batch = channel.poll()) {
                if (batch == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("run " + run + " did not end within 5 minutes");
                    }
                    LockSupport.parkNanos(100_000);
                } else {
                    records += batch.length;
                }
            }
        } finally {
            channel.close();
        }
        if (records != (long) batches * ChannelProducer.RECORDS_PER_BATCH) {
            throw new IllegalStateException("run " + run + " read " + records + " records");
        }
    }

    /** {@code total} bytes of raw frames, read and dropped. */
    private static void readRaw(EventLoopGroup group, int port, long total) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong received = new AtomicLong();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object message) {
                        if (received.addAndGet(((ByteBuf) message).readableBytes()) >= total) {
                            done.complete(null);
                        }
                        ReferenceCountUtil.release(message);
                    }
                }).connect("127.0.0.1", port).syncUninterruptibly().channel();
        try {
            done.get(5, TimeUnit.MINUTES);
        } finally {
            channel.close().syncUninterruptibly();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
