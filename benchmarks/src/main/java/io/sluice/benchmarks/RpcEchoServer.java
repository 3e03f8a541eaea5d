package io.sluice.benchmarks;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The far end of {@link RpcRoundTripBenchmark} in its own JVM: the same echo gateway on a {@link NettyRpcService}
 * (authenticated with the secret in the file given as the first argument) and the same raw Netty echo, both on
 * loopback. Prints {@code ready RPC_PORT RAW_PORT}, then serves until its standard input ends (the benchmark closed
 * it, or died), SIGTERM, or the lifetime bound (second argument, seconds; 1 hour by default) runs out.
 */
public final class RpcEchoServer {
    static final String READY = "ready ";

    private RpcEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ClusterSecret secret = ClusterSecret.read(Path.of(args[0]));
        Duration lifetime = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 3600);
        NettyRpcService rpc = new NettyRpcService(TransportSettings.loopback(secret), warning -> { });
        ThreadMainThreadExecutor mainThread = new ThreadMainThreadExecutor("echo");
        rpc.serve("echo", RpcRoundTripBenchmark.Echo.class, CompletableFuture::completedFuture, mainThread, null);
        EventLoopGroup rawGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Channel raw = RawEcho.serve(rawGroup);
        System.out.println(READY + rpc.port() + " " + ((InetSocketAddress) raw.localAddress()).getPort());
        System.out.flush();
        // stdin ends when the benchmark closes it or dies: a server is never left without its client
        CompletableFuture<Void> stdinClosed = CompletableFuture.runAsync(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent on stdin; reading only detects its end
                }
            } catch (java.io.IOException ended) {
                // the same as its end
            }
        });
        try {
            stdinClosed.get(lifetime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException bound) {
            System.err.println("RpcEchoServer: lifetime of " + lifetime.toSeconds() + " s over, stopping");
        } finally {
            raw.close();
            rawGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            rpc.close();
            mainThread.close();
        }
        System.exit(0);
    }
}
