package io.sluice.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.RemotePartitions;
import io.sluice.shuffle.ResultPartitionKey;
import io.sluice.shuffle.SubpartitionReader;
import io.sluice.transport.TransportSettings;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The network data plane of one worker process: its data port serving the partitions of its registry, and the
 * client its tasks read other workers' partitions with, on two I/O threads of their own and one buffer pool.
 * It listens on the RPC port's interface and authenticates as the RPC port does.
 */
public final class NetworkPartitions implements RemotePartitions, AutoCloseable {
    private final EventLoopGroup group;
    private final NetworkBufferPool pool;
    private final PartitionServer server;
    private final PartitionClient client;
    private final String dataAddress;

    /**
     * @param dataPort the data port; 0 picks a free one
     * @throws IllegalStateException when the port cannot be bound, or the transport authenticates by TLS alone
     */
    public NetworkPartitions(TransportSettings transport, PartitionRegistry registry, NetworkSettings settings,
            int dataPort, Consumer<String> warnings) {
        if (transport.secret() == null) {
            throw new IllegalStateException("data connections between workers authenticate with the cluster secret;"
                    + " with mutual TLS alone (no security.secret-file) this worker cannot exchange data with others");
        }
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("sluice-data", true),
                NioIoHandler.newFactory());
        this.pool = new NetworkBufferPool(settings);
        try {
            this.server = new PartitionServer(transport.bindHost(), dataPort, group, registry, pool, transport.secret(),
                    transport.handshakeTimeout(), warnings);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.client = new PartitionClient(group, pool, settings, transport.secret(), transport.handshakeTimeout(),
                transport.connectTimeout(), warnings);
        this.dataAddress = transport.advertisedHost() + ":" + server.port();
    }

    @Override
    public String dataAddress() {
        return dataAddress;
    }

    public NetworkBufferPool pool() {
        return pool;
    }

    @Override
    public Gate newGate() {
        FloatingBuffers buffers = client.newGate();
        return new Gate() {
            @Override
            public void reserve(int channels) throws IOException {
                buffers.reserve(channels);
            }

            @Override
            public SubpartitionReader open(String address, ResultPartitionKey partition, int subpartition,
                    Runnable onAvailable) throws IOException {
                return NetworkPartitions.this.open(address, partition, subpartition, buffers, onAvailable);
            }

            @Override
            public void close() {
                buffers.close();
            }
        };
    }

    private SubpartitionReader open(String address, ResultPartitionKey partition, int subpartition,
            FloatingBuffers floating, Runnable onAvailable) throws IOException {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IOException("data address '" + address + "' of " + partition + " is not host:port");
        }
        return client.open(address.substring(0, colon), port, partition, subpartition, floating, onAvailable);
    }

    /** Closes the data port and every data connection, then stops the I/O threads. */
    @Override
    public void close() {
        client.close();
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "data port " + dataAddress + " (" + pool.totalSegments() + " buffers of " + pool.segmentBytes()
                + " bytes)";
    }
}
