package io.sluice.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.rpc.Gateways;
import io.sluice.rpc.RpcTimeouts;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcEndpoints;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.RpcService;
import io.sluice.transport.internal.WireSchema;
import io.sluice.transport.internal.WireSchema.MessageType;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The network transport of a process (DESIGN §8): it listens on the RPC port and keeps one authenticated, ordered
 * connection per peer process, opened by whichever side calls first and used by both. Calls to this process's
 * own endpoints skip the wire (they pass the message objects, as the in-process transport does). A closed
 * connection fails its calls at once and tells every watcher of that process; an endpoint that stops being
 * served tells the watchers of that endpoint, here or across the connection.
 */
public final class NettyRpcService implements RpcService, AutoCloseable {
    private final TransportSettings settings;
    private final Consumer<String> warnings;
    private final RpcEndpoints endpoints;
    private final WireSchema schema;
    private final EventLoopGroup group;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final Channel serverChannel;
    private final int port;
    /** The port in the addresses it hands out and in its hello: the listening one unless a proxy is in between. */
    private final int advertisedPort;
    /** One connection per peer process ({@code host:port} of its RPC port). */
    private final Map<String, CompletableFuture<Connection>> connections = new ConcurrentHashMap<>();
    private final Map<Channel, Connection> open = new ConcurrentHashMap<>();
    private final Connection.Host host = new ConnectionHost();
    private volatile boolean closed;

    /** Binds the RPC port; fails with an {@link IllegalStateException} naming the address when it cannot. */
    public NettyRpcService(TransportSettings settings, Consumer<String> warnings) {
        this.settings = settings;
        this.warnings = warnings;
        this.endpoints = new RpcEndpoints(warnings);
        this.schema = new WireSchema(settings.maxFrameBytes());
        this.serverTls = settings.tls() == null ? null : TlsContexts.server(settings.tls());
        this.clientTls = settings.tls() == null ? null : TlsContexts.client(settings.tls());
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("sluice-rpc", true),
                NioIoHandler.newFactory());
        ServerBootstrap server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        String remote = channel.remoteAddress().getHostString() + ":" + channel.remoteAddress().getPort();
                        pipeline(channel, new Connection(host, false, remote), serverTls == null ? null
                                : serverTls.newHandler(channel.alloc()));
                    }
                });
        try {
            ChannelFuture bound = server.bind(settings.bindHost(), settings.port()).syncUninterruptibly();
            this.serverChannel = bound.channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for RPC on " + settings.bindHost() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        this.advertisedPort = settings.advertisedPort() == 0 ? port : settings.advertisedPort();
    }

    private void pipeline(SocketChannel channel, Connection connection, io.netty.channel.ChannelHandler tls) {
        connection.maxFrameBytes(settings.maxFrameBytes());
        if (tls != null) {
            channel.pipeline().addLast("tls", tls);
        }
        channel.pipeline().addLast("frames", new LengthFieldBasedFrameDecoder(settings.maxFrameBytes(), 0, 4, 0, 4));
        channel.pipeline().addLast("connection", connection);
        open.put(channel, connection);
        channel.closeFuture().addListener(closed -> open.remove(channel));
    }

    /** The port the RPC server listens on (the configured one, or the one picked for port 0). */
    public int port() {
        return port;
    }

    public String advertisedHost() {
        return settings.advertisedHost();
    }

    /** Connections open now, authenticated or not; for tests and metrics. */
    public int openConnections() {
        return open.size();
    }

    @Override
    public <G> Registration serve(String id, Class<G> type, G target, MainThreadExecutor mainThread,
            Supplier<String> fencingToken) {
        schema.register(type);
        Runnable stop = endpoints.serve(id, type, target, mainThread, fencingToken);
        return new Registration() {
            @Override
            public RpcAddress address() {
                return new RpcAddress(settings.advertisedHost(), advertisedPort, id, endpoints.fencingToken(id));
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }

    @Override
    public <G> G connect(RpcAddress address, Class<G> type) {
        schema.register(type);
        boolean local = isLocal(address);
        return Gateways.proxy(type, type.getSimpleName() + "@" + address, new Gateways.Invoker() {
            @Override
            public CompletableFuture<Object> call(Method method, Object[] args) {
                if (local) {
                    return endpoints.call(address.endpoint(), method, args, address.fencingToken());
                }
                MessageType message = schema.of(method);
                Duration timeout = RpcTimeouts.askTimeout();
                return connection(address).thenCompose(connection -> connection.call(message, address.endpoint(),
                        address.fencingToken(), args, timeout));
            }

            @Override
            public void tell(Method method, Object[] args) {
                if (local) {
                    endpoints.tell(address.endpoint(), method, args, address.fencingToken());
                    return;
                }
                MessageType message = schema.of(method);
                connection(address).thenAccept(connection -> connection.tell(message, address.endpoint(),
                        address.fencingToken(), args));
            }
        });
    }

    @Override
    public RpcAddress addressOf(String id) {
        return new RpcAddress(settings.advertisedHost(), advertisedPort, id, null);
    }

    /** A remote endpoint is watched on its connection: closed, or the peer's GONE for it, both mean lost. */
    @Override
    public Subscription watch(RpcAddress address, Runnable onLost) {
        AtomicBoolean active = new AtomicBoolean(true);
        Runnable once = () -> {
            if (active.compareAndSet(true, false)) {
                onLost.run();
            }
        };
        if (isLocal(address)) {
            Runnable withdraw = endpoints.watch(address.endpoint(), address.fencingToken(), once);
            return () -> {
                active.set(false);
                withdraw.run();
            };
        }
        io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> listener =
                closed -> once.run();
        CompletableFuture<Connection> connection = connection(address);
        CompletableFuture<Runnable> endpointWatch = connection.thenApply(open -> {
            open.channel().closeFuture().addListener(listener);
            return open.watchEndpoint(address.endpoint(), address.fencingToken(), once);
        });
        endpointWatch.whenComplete((watching, error) -> {
            if (error != null) {
                once.run();
            }
        });
        // a closed watch leaves nothing on a connection that lives on (one per job on a worker's master connection)
        return () -> {
            active.set(false);
            connection.thenAccept(open -> open.channel().closeFuture().removeListener(listener));
            endpointWatch.thenAccept(Runnable::run);
        };
    }

    private boolean isLocal(RpcAddress address) {
        return address.host().equals(RpcAddress.IN_PROCESS)
                || (address.port() == advertisedPort && address.host().equals(settings.advertisedHost()));
    }

    /** The connection to the process of {@code address}, opened (and authenticated) when there is none. */
    private CompletableFuture<Connection> connection(RpcAddress address) {
        if (closed) {
            return CompletableFuture.failedFuture(new RpcException("the RPC service of this process is closed"));
        }
        String process = address.process();
        return connections.compute(process, (key, existing) -> usable(existing) ? existing
                : open(address.host(), address.port(), key));
    }

    /** A connection that is still being opened, or open: calls go over it rather than over a new one. */
    private static boolean usable(CompletableFuture<Connection> connection) {
        return connection != null && (!connection.isDone()
                || (!connection.isCompletedExceptionally() && connection.join().isOpen()));
    }

    private CompletableFuture<Connection> open(String remoteHost, int remotePort, String process) {
        Connection connection = new Connection(host, true, process);
        CompletableFuture<Connection> result = connection.ready();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline(channel, connection, clientTls == null ? null
                                : clientTls.newHandler(channel.alloc(), remoteHost, remotePort));
                    }
                });
        bootstrap.connect(remoteHost, remotePort).addListener((ChannelFuture connected) -> {
            if (!connected.isSuccess()) {
                result.completeExceptionally(new RpcException("cannot connect to " + process + ": "
                        + connected.cause().getMessage()));
            }
        });
        // a connection that fails or closes makes room for the next attempt
        result.whenComplete((ready, error) -> {
            if (error != null) {
                connections.remove(process, result);
            }
        });
        return result;
    }

    /** Stops listening, closes every connection (failing their calls) and ends the I/O threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().syncUninterruptibly();
        open.keySet().forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "RPC service on " + settings.advertisedHost() + ":" + advertisedPort;
    }

    private final class ConnectionHost implements Connection.Host {
        @Override
        public WireSchema schema() {
            return schema;
        }

        @Override
        public ClusterSecret secret() {
            return settings.secret();
        }

        @Override
        public String advertisedHost() {
            return settings.advertisedHost();
        }

        @Override
        public int advertisedPort() {
            return advertisedPort;
        }

        @Override
        public Duration handshakeTimeout() {
            return settings.handshakeTimeout();
        }

        @Override
        public CompletableFuture<Object> dispatch(MessageType type, String endpoint, String token, Object[] args) {
            if (type.oneWay()) {
                endpoints.tell(endpoint, type.method(), args, token);
                return null;
            }
            return endpoints.call(endpoint, type.method(), args, token);
        }

        @Override
        public void ready(Connection connection, String peerProcess) {
            if (peerProcess == null) {
                return;
            }
            // calls from here to the peer's endpoints use the connection it opened
            CompletableFuture<Connection> ready = CompletableFuture.completedFuture(connection);
            connections.compute(peerProcess, (key, existing) -> usable(existing) ? existing : ready);
            connection.channel().closeFuture().addListener(closed -> connections.remove(peerProcess, ready));
        }

        @Override
        public void closed(Connection connection) {
            // the connection's future is removed by its own listeners
        }

        @Override
        public Runnable watchEndpoint(String endpoint, String token, Runnable onGone) {
            return endpoints.watch(endpoint, token, onGone);
        }

        @Override
        public void warn(String message) {
            warnings.accept(message);
        }
    }
}
