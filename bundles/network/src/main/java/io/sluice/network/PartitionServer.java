package io.sluice.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.sluice.shuffle.PartitionException;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ResultPartition;
import io.sluice.shuffle.ResultPartitionKey;
import io.sluice.shuffle.SubpartitionReader;
import io.sluice.transport.ClusterSecret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A worker's data port: serves the subpartitions its {@link PartitionRegistry} holds to consumers on other
 * workers. Each requested subpartition is read on its connection's event loop, and a batch is encoded into a
 * segment of the worker's {@link NetworkBufferPool} and sent only against a credit of the consumer, so a slow
 * consumer holds its producer back (the pipelined subpartition fills, the producer waits) instead of filling
 * memory here.
 */
public final class PartitionServer implements AutoCloseable {
    private final Channel serverChannel;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final int port;

    /**
     * Binds {@code host}:{@code port} (0: any free port) on {@code group}'s threads.
     *
     * @throws IllegalStateException naming the address when it cannot listen there
     */
    public PartitionServer(String host, int port, EventLoopGroup group, PartitionRegistry registry,
            NetworkBufferPool pool, ClusterSecret secret, Duration handshakeTimeout, Consumer<String> warnings) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        String remote = channel.remoteAddress().getHostString() + ":" + channel.remoteAddress().getPort();
                        channel.pipeline().addLast("frames", new LengthFieldBasedFrameDecoder(
                                pool.segmentBytes() + DataFrames.MAX_OVERHEAD, 0, 4, 0, 4));
                        channel.pipeline().addLast("connection", new ServerConnection(registry, pool, secret,
                                handshakeTimeout, remote, warnings));
                        open.add(channel);
                        channel.closeFuture().addListener(closed -> open.remove(channel));
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen for data on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The data port: the configured one, or the one picked for port 0. */
    public int port() {
        return port;
    }

    /** Data connections open now, authenticated or not. */
    public int openConnections() {
        return open.size();
    }

    /** Stops listening and closes every connection: their consumers see the producer's worker gone. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        open.forEach(Channel::close);
    }

    /** One consumer worker's connection and the subpartitions it reads. */
    private static final class ServerConnection extends DataConnection {
        private final PartitionRegistry registry;
        private final NetworkBufferPool pool;
        private final Map<Integer, Served> served = new HashMap<>();

        ServerConnection(PartitionRegistry registry, NetworkBufferPool pool, ClusterSecret secret,
                Duration handshakeTimeout, String remote, Consumer<String> warnings) {
            super(secret, false, handshakeTimeout, remote, warnings);
            this.registry = registry;
            this.pool = pool;
        }

        @Override
        void onReady() {
        }

        @Override
        void onFrame(byte kind, ByteBuf frame) {
            switch (kind) {
                case DataFrames.REQUEST -> {
                    int id = frame.readInt();
                    int credit = frame.readInt();
                    ResultPartitionKey key = DataFrames.readKey(frame);
                    int subpartition = frame.readInt();
                    DataFrames.expectEnd(frame);
                    request(id, credit, key, subpartition);
                }
                case DataFrames.CREDIT -> {
                    int id = frame.readInt();
                    int credit = frame.readInt();
                    DataFrames.expectEnd(frame);
                    if (credit < 1) {
                        throw new DataFrames.ProtocolException("a credit of " + credit);
                    }
                    Served channel = served.get(id);
                    if (channel != null) { // else it ended meanwhile
                        channel.credit = (int) Math.min(Integer.MAX_VALUE, (long) channel.credit + credit);
                        channel.send();
                    }
                }
                case DataFrames.CANCEL -> {
                    int id = frame.readInt();
                    DataFrames.expectEnd(frame);
                    Served channel = served.remove(id);
                    if (channel != null) {
                        channel.close();
                    }
                }
                default -> throw new DataFrames.ProtocolException("unknown frame kind " + kind + " from a consumer");
            }
        }

        private void request(int id, int credit, ResultPartitionKey key, int subpartition) {
            if (credit < 0 || served.containsKey(id)) {
                throw new DataFrames.ProtocolException("request " + id + " with credit " + credit
                        + (served.containsKey(id) ? " for a channel served already" : ""));
            }
            ResultPartition partition = registry.lookup(key);
            if (partition == null) {
                answer(DataFrames.NOT_FOUND, id, "no partition " + key + " of job " + key.job() + " on this worker");
                return;
            }
            Served channel = new Served(id, credit, key, subpartition);
            try {
                channel.reader = partition.createReader(subpartition, channel::available);
            } catch (PartitionException e) {
                answer(partition.isReleased() ? DataFrames.NOT_FOUND : DataFrames.FAILED, id, e.getMessage());
                return;
            }
            served.put(id, channel);
            channel.send();
        }

        private void answer(byte kind, int id, String message) {
            ByteBuf frame = DataFrames.start(channel, kind, 8 + message.length());
            frame.writeInt(id);
            DataFrames.writeString(frame, message.length() > 4096 ? message.substring(0, 4096) : message);
            channel.writeAndFlush(DataFrames.finish(frame));
        }

        @Override
        void onClosed() {
            served.values().forEach(Served::close);
            served.clear();
        }

        /** One subpartition being sent: its reader, the consumer's credit and the batch being cut into buffers. */
        private final class Served {
            final int id;
            final ResultPartitionKey key;
            final int subpartition;
            int credit;
            SubpartitionReader reader;
            /** The batch polled from the reader and not all sent yet, and from which record on. */
            Object[] pending;
            int offset;
            boolean waitingForSegment;
            /** An availability signal is on its way to the event loop: one is enough. */
            final AtomicBoolean signalled = new AtomicBoolean();

            Served(int id, int credit, ResultPartitionKey key, int subpartition) {
                this.id = id;
                this.credit = credit;
                this.key = key;
                this.subpartition = subpartition;
            }

            /** From the producer's thread (or a release): new data may be there. */
            void available() {
                if (signalled.compareAndSet(false, true)) {
                    channel.eventLoop().execute(() -> {
                        signalled.set(false);
                        if (served.get(id) == this) {
                            send();
                        }
                    });
                }
            }

            /** Sends what the credit allows; ends the channel after the last batch. On the event loop. */
            void send() {
                boolean wrote = false;
                try {
                    while (true) {
                        if (pending == null) {
                            pending = reader.poll();
                            offset = 0;
                            if (pending == null) {
                                break;
                            }
                        }
                        if (pending == SubpartitionReader.END) {
                            endOfSubpartition();
                            wrote = true;
                            break;
                        }
                        if (credit == 0 || waitingForSegment) {
                            break;
                        }
                        byte[] segment = pool.requestForSending();
                        if (segment == null) {
                            // every segment of this worker is on the wire: go on once one comes back
                            waitingForSegment = true;
                            pool.onRecycled(() -> channel.eventLoop().execute(() -> {
                                waitingForSegment = false;
                                if (served.get(id) == this) {
                                    send();
                                }
                            }));
                            break;
                        }
                        // as many ready batches as fit in the segment: small batches share a buffer and a credit
                        BatchFormat.Writer writer = new BatchFormat.Writer(segment);
                        while (pending != null && pending != SubpartitionReader.END) {
                            int taken = writer.add(pending, offset);
                            offset += taken;
                            if (offset < pending.length) {
                                break; // the segment is full
                            }
                            pending = reader.poll();
                            offset = 0;
                        }
                        writer.finish();
                        credit--;
                        if (pending == null && credit == 0) {
                            pending = reader.poll(); // one batch in hand tells the consumer there is a backlog
                            offset = 0;
                        }
                        int backlog = pending != null && pending != SubpartitionReader.END ? 1 : 0;
                        ByteBuf header = DataFrames.start(channel, DataFrames.BUFFER, 8);
                        int size = BatchFormat.size(segment);
                        header.writeInt(id);
                        header.writeInt(backlog);
                        header.setInt(0, header.readableBytes() - 4 + size);
                        channel.write(header);
                        channel.write(Unpooled.wrappedBuffer(segment, 0, size))
                                .addListener(written -> pool.recycle(segment));
                        wrote = true;
                    }
                } catch (IOException | RuntimeException e) {
                    served.remove(id);
                    close();
                    answer(DataFrames.FAILED, id, "reading subpartition " + subpartition + " of " + key + " failed on the"
                            + " producer's worker: " + e);
                } finally {
                    if (wrote) {
                        channel.flush();
                    }
                }
            }

            private void endOfSubpartition() {
                served.remove(id);
                close();
                ByteBuf frame = DataFrames.start(channel, DataFrames.END, 4);
                frame.writeInt(id);
                channel.write(DataFrames.finish(frame));
            }

            void close() {
                if (reader != null) {
                    reader.close();
                }
            }
        }
    }
}
