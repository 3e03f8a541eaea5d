package io.sluice.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcMessage;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A gateway call on loopback against its ceiling, a raw Netty echo of the same number of bytes: one call at a time
 * (round-trip latency; run with {@code -bm sample} for p50/p99) and 100 calls in flight (calls per second). Both
 * ends are in this JVM, on their own event loops, over a real TCP connection; the call runs on the target's main
 * thread as every component's does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class RpcRoundTripBenchmark {
    /**
     * The size of the raw echo: the call's request frame, 4 length + 15 header (magic, version, kind, call id,
     * message id and version) + 110 CBOR (array, endpoint "echo", no token, the 100-character text).
     */
    static final int FRAME_BYTES = 129;
    static final int IN_FLIGHT = 100;

    public interface Echo {
        @RpcMessage(id = 62001)
        CompletableFuture<String> echo(String text);
    }

    private final ClusterSecret secret = ClusterSecret.generate();
    private NettyRpcService server;
    private NettyRpcService client;
    private ThreadMainThreadExecutor mainThread;
    private Echo echo;
    private final String text = "x".repeat(100);

    private EventLoopGroup rawGroup;
    private Channel rawServer;
    private Channel rawClient;
    /** The exchange in flight: set before its frames are written, so the event loop sees it without a hop. */
    private volatile RawExchange raw;
    private ByteBuf rawFrame;

    private record RawExchange(int expected, java.util.concurrent.atomic.AtomicInteger received,
            CompletableFuture<Integer> answer) {
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new NettyRpcService(TransportSettings.loopback(secret), warning -> { });
        client = new NettyRpcService(TransportSettings.loopback(secret), warning -> { });
        mainThread = new ThreadMainThreadExecutor("echo");
        RpcAddress address = server.serve("echo", Echo.class, CompletableFuture::completedFuture, mainThread, null)
                .address();
        echo = client.connect(address, Echo.class);
        echo.echo(text).get(10, TimeUnit.SECONDS);

        rawGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        rawServer = new ServerBootstrap().group(rawGroup).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                                new LengthFieldPrepender(4), new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        ctx.writeAndFlush(frame.retain());
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        rawClient = new Bootstrap().group(rawGroup).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                                new LengthFieldPrepender(4), new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        RawExchange current = raw;
                                        if (current.received().incrementAndGet() == current.expected()) {
                                            current.answer().complete(current.expected());
                                        }
                                    }
                                });
                    }
                }).connect((InetSocketAddress) rawServer.localAddress()).sync().channel();
        rawFrame = Unpooled.unreleasableBuffer(Unpooled.directBuffer(FRAME_BYTES - 4).writeZero(FRAME_BYTES - 4));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        server.close();
        mainThread.close();
        rawClient.close();
        rawServer.close();
        rawGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Benchmark
    public String gatewayRoundTrip() throws Exception {
        return echo.echo(text).get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public int rawNettyRoundTrip() throws Exception {
        return rawExchange(1);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(IN_FLIGHT)
    public Object gatewayCallsInFlight() throws Exception {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            calls[i] = echo.echo(text);
        }
        return CompletableFuture.allOf(calls).get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(IN_FLIGHT)
    public int rawNettyInFlight() throws Exception {
        return rawExchange(IN_FLIGHT);
    }

    /** Sends {@code count} frames and waits until as many came back. */
    private int rawExchange(int count) throws Exception {
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        raw = new RawExchange(count, new java.util.concurrent.atomic.AtomicInteger(), answer);
        for (int i = 0; i < count; i++) {
            rawClient.write(rawFrame.duplicate());
        }
        rawClient.flush();
        return answer.get(10, TimeUnit.SECONDS);
    }
}
