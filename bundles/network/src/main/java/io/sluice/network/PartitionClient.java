package io.sluice.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.sluice.shuffle.PartitionUnavailableException;
import io.sluice.shuffle.ResultPartitionKey;
import io.sluice.transport.ClusterSecret;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The consuming side of a worker's data plane: opens {@link RemoteChannel}s to subpartitions on other workers, all
 * channels to one worker over one authenticated connection. Thread-safe.
 */
public final class PartitionClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final NetworkBufferPool pool;
    private final NetworkSettings settings;
    private final ClusterSecret secret;
    private final Duration handshakeTimeout;
    private final Duration connectTimeout;
    private final Consumer<String> warnings;
    private final Map<String, ClientConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger nextChannel = new AtomicInteger();
    private volatile boolean closed;

    public PartitionClient(EventLoopGroup group, NetworkBufferPool pool, NetworkSettings settings, ClusterSecret secret,
            Duration handshakeTimeout, Duration connectTimeout, Consumer<String> warnings) {
        this.group = group;
        this.pool = pool;
        this.settings = settings;
        this.secret = secret;
        this.handshakeTimeout = handshakeTimeout;
        this.connectTimeout = connectTimeout;
        this.warnings = warnings;
    }

    /** The floating buffers of a new input gate. */
    public FloatingBuffers newGate() {
        return new FloatingBuffers(pool, settings.floatingBuffersPerGate(), settings.buffersPerChannel());
    }

    /**
     * Starts reading subpartition {@code subpartition} of {@code key} from the worker whose data port is
     * {@code host}:{@code port}; {@code onAvailable} runs (on a network thread) whenever something arrived.
     *
     * @throws IOException when this worker has not enough free network buffers for the channel (see
     *         {@link FloatingBuffers#reserve})
     */
    public RemoteChannel open(String host, int port, ResultPartitionKey key, int subpartition, FloatingBuffers gate,
            Runnable onAvailable) throws IOException {
        if (closed) {
            throw new IOException("the data plane of this worker is closed");
        }
        List<byte[]> exclusive = gate.takeExclusive();
        if (exclusive == null) { // the gate set none aside for it (it was not placed when the gate was set up)
            gate.reserve(1); // or fails, naming the setting
            exclusive = gate.takeExclusive();
        }
        String remote = host + ":" + port;
        ClientConnection connection = connections.compute(remote, (address, existing) ->
                existing != null && !existing.isGone() ? existing : connect(host, port, remote));
        RemoteChannel channel = new RemoteChannel(nextChannel.incrementAndGet(), key, subpartition, connection, pool,
                exclusive, gate, onAvailable, settings);
        connection.add(channel);
        return channel;
    }

    private ClientConnection connect(String host, int port, String remote) {
        ClientConnection connection = new ClientConnection(remote);
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("frames", new LengthFieldBasedFrameDecoder(
                                pool.segmentBytes() + DataFrames.MAX_OVERHEAD, 0, 4, 0, 4));
                        channel.pipeline().addLast("connection", connection);
                    }
                })
                .connect(host, port).addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        connection.failed("cannot connect to " + remote + ": " + connected.cause().getMessage());
                    }
                });
        return connection;
    }

    /** Data connections open now. */
    public int openConnections() {
        return (int) connections.values().stream().filter(c -> !c.isGone()).count();
    }

    /** Closes every connection: channels still reading fail. */
    @Override
    public void close() {
        closed = true;
        connections.values().forEach(ClientConnection::close);
    }

    /** One connection to a producer's worker and the channels reading over it. */
    final class ClientConnection extends DataConnection {
        private final Map<Integer, RemoteChannel> channels = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private volatile boolean gone;

        ClientConnection(String remote) {
            super(secret, true, handshakeTimeout, remote, PartitionClient.this.warnings);
        }

        String remote() {
            return remote;
        }

        boolean isGone() {
            return gone;
        }

        void add(RemoteChannel channel) {
            channels.put(channel.id(), channel);
            if (gone) {
                channel.onFailed(new PartitionUnavailableException(channel.key(), "data connection to " + remote
                        + " is closed" + (closeReason == null ? "" : ": " + closeReason)));
                return;
            }
            ready.thenRun(() -> request(channel));
        }

        @Override
        void onReady() {
            ready.complete(null);
        }

        /** Asks for the subpartition, with a credit for every free buffer of the channel. */
        void request(RemoteChannel channel) {
            Channel current = this.channel;
            ByteBuf frame = DataFrames.start(current, DataFrames.REQUEST, 64);
            frame.writeInt(channel.id());
            frame.writeInt(channel.freeBuffers());
            DataFrames.writeKey(frame, channel.key());
            frame.writeInt(channel.subpartition());
            current.writeAndFlush(DataFrames.finish(frame));
        }

        void sendCredit(int id, int credit) {
            Channel current = this.channel;
            if (current == null || gone) {
                return;
            }
            ByteBuf frame = DataFrames.start(current, DataFrames.CREDIT, 8);
            frame.writeInt(id);
            frame.writeInt(credit);
            current.writeAndFlush(DataFrames.finish(frame));
        }

        void cancel(RemoteChannel channel) {
            forget(channel);
            Channel current = this.channel;
            if (current != null && !gone && ready.isDone()) {
                ByteBuf frame = DataFrames.start(current, DataFrames.CANCEL, 4);
                frame.writeInt(channel.id());
                current.writeAndFlush(DataFrames.finish(frame));
            }
        }

        void forget(RemoteChannel channel) {
            channels.remove(channel.id(), channel);
        }

        /** Runs {@code task} on the connection's event loop (dropped once the connection is gone). */
        void execute(Runnable task) {
            Channel current = this.channel;
            if (current != null && !gone) {
                current.eventLoop().execute(task);
            }
        }

        void schedule(Runnable task, long delay, TimeUnit unit) {
            Channel current = this.channel;
            if (current != null) {
                current.eventLoop().schedule(task, delay, unit);
            }
        }

        @Override
        void onFrame(byte kind, ByteBuf frame) {
            int id = frame.readInt();
            RemoteChannel target = channels.get(id);
            switch (kind) {
                case DataFrames.BUFFER -> {
                    int backlog = frame.readInt();
                    if (target != null && !target.onBuffer(frame, backlog)) {
                        throw new DataFrames.ProtocolException("a buffer for channel " + id + " without credit, or"
                                + " larger than a segment");
                    }
                }
                case DataFrames.END -> {
                    DataFrames.expectEnd(frame);
                    if (target != null) {
                        channels.remove(id);
                        target.onEnd();
                    }
                }
                case DataFrames.NOT_FOUND -> {
                    String message = DataFrames.readString(frame);
                    if (target != null) {
                        target.onNotFound(message);
                    }
                }
                case DataFrames.FAILED -> {
                    String message = DataFrames.readString(frame);
                    if (target != null) {
                        channels.remove(id);
                        target.onFailed(new PartitionUnavailableException(target.key(), message));
                    }
                }
                default -> throw new DataFrames.ProtocolException("unknown frame kind " + kind + " from a producer");
            }
        }

        void failed(String reason) {
            closeReason = reason;
            onClosed();
        }

        @Override
        void onClosed() {
            gone = true;
            connections.remove(remote, this);
            ready.completeExceptionally(new IOException(remote + " closed"));
            String lost = "data connection to " + remote + " lost" + (closeReason == null ? "" : ": " + closeReason);
            for (RemoteChannel channel : channels.values()) {
                channel.onFailed(new PartitionUnavailableException(channel.key(), lost + " (reading " + channel + ")"));
            }
            channels.clear();
        }

        void close() {
            Channel current = this.channel;
            if (current != null) {
                current.close();
            } else {
                failed("the data plane of this worker is closed");
            }
        }
    }
}
