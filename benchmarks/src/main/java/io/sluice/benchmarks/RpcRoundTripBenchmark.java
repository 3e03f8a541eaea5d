package io.sluice.benchmarks;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcMessage;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A gateway call on loopback against its ceiling, a raw Netty echo of the same number of bytes: one call at a time
 * (round-trip latency; run with {@code -bm sample} for p50/p99) and 100 calls in flight (calls per second). The
 * server end is in this JVM on its own event loops ({@code ends=in-jvm}) or in a second JVM this one starts and
 * stops ({@code ends=two-processes}); either way over a real TCP connection, and the call runs on the target's
 * main thread as every component's does.
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

    static final String TWO_PROCESSES = "two-processes";

    /** Where the server end runs: in this JVM, or in a JVM of its own that this one starts ({@link RpcEchoServer}). */
    @Param({"in-jvm", TWO_PROCESSES})
    public String ends;

    /** Both ends prove they know it; shared through a file when the server is another process. */
    private ClusterSecret secret = ClusterSecret.generate();
    private ChildProcess serverProcess;
    private Path secretFile;
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
        rawGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        RpcAddress address;
        InetSocketAddress rawAddress;
        if (ends.equals(TWO_PROCESSES)) {
            String[] ports = startServerProcess().split(" ");
            address = new RpcAddress("127.0.0.1", Integer.parseInt(ports[0]), "echo", null);
            rawAddress = new InetSocketAddress("127.0.0.1", Integer.parseInt(ports[1]));
        } else {
            server = new NettyRpcService(TransportSettings.loopback(secret), warning -> { });
            mainThread = new ThreadMainThreadExecutor("echo");
            address = server.serve("echo", Echo.class, CompletableFuture::completedFuture, mainThread, null).address();
            rawServer = RawEcho.serve(rawGroup);
            rawAddress = (InetSocketAddress) rawServer.localAddress();
        }
        client = new NettyRpcService(TransportSettings.loopback(secret), warning -> { });
        echo = client.connect(address, Echo.class);
        echo.echo(text).get(10, TimeUnit.SECONDS);
        rawClient = new Bootstrap().group(rawGroup).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(RawEcho.framing(), new LengthFieldPrepender(4),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        RawExchange current = raw;
                                        if (current.received().incrementAndGet() == current.expected()) {
                                            current.answer().complete(current.expected());
                                        }
                                    }
                                });
                    }
                }).connect(rawAddress).sync().channel();
        rawFrame = Unpooled.unreleasableBuffer(Unpooled.directBuffer(FRAME_BYTES - 4).writeZero(FRAME_BYTES - 4));
    }

    /**
     * Starts {@link RpcEchoServer} in a JVM of its own, from this JVM's class path (the benchmarks jar), with the
     * secret in a file only this user reads; answers with the ports it printed.
     */
    private String startServerProcess() throws Exception {
        secretFile = Files.createTempFile("rpc-echo", ".secret");
        secret = ClusterSecret.generateInto(secretFile); // replaces the file by one of mode 0600
        String java = ProcessHandle.current().info().command().orElse("java");
        serverProcess = ChildProcess.start("RpcEchoServer", new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), RpcEchoServer.class.getName(), secretFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        return serverProcess.awaitLine(RpcEchoServer.READY, Duration.ofSeconds(60));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        rawClient.close();
        if (server != null) {
            server.close();
            mainThread.close();
            rawServer.close();
        }
        rawGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (serverProcess != null) {
            serverProcess.close();
            Files.deleteIfExists(secretFile);
        }
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
