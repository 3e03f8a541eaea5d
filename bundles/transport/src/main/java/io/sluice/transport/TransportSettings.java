package io.sluice.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a process's network transport listens and whom it lets in.
 *
 * @param bindHost the interface the RPC port listens on ({@code localhost} unless configured otherwise)
 * @param advertisedHost the host others reach this process by; part of every address it hands out
 * @param port the RPC port it listens on; 0 picks a free one (workers), 6123 is the master's default
 * @param advertisedPort the port others reach it by when that is not {@code port} (a proxy or NAT in between,
 *        Flink's rpc.port next to rpc.bind-port); 0 for the port it listens on
 * @param maxFrameBytes the largest message accepted or sent (Flink's framesize, 10 MiB by default)
 * @param secret the cluster secret peers must prove they know; {@code null} only with {@code tls}
 * @param tls mutual TLS, or {@code null}
 * @param handshakeTimeout a connection that has not authenticated by then is closed
 */
public record TransportSettings(String bindHost, String advertisedHost, int port, int advertisedPort, int maxFrameBytes,
        ClusterSecret secret, TlsSettings tls, Duration handshakeTimeout, Duration connectTimeout) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 10 * 1024 * 1024;
    public static final int MASTER_PORT = 6123;

    public TransportSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (secret == null && tls == null) {
            throw new IllegalArgumentException("the RPC port needs a cluster secret or mutual TLS: an"
                    + " unauthenticated port would run any caller's messages");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("rpc.port " + port + " is out of range (0 to 65535)");
        }
        if (advertisedPort < 0 || advertisedPort > 65535) {
            throw new IllegalArgumentException("advertised rpc port " + advertisedPort + " is out of range (0 to 65535)");
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("rpc.framesize must be at least 1 KiB, got " + maxFrameBytes);
        }
    }

    /** Loopback only, a free port, the given secret, default limits: for tests and tools. */
    public static TransportSettings loopback(ClusterSecret secret) {
        return new TransportSettings("127.0.0.1", "127.0.0.1", 0, 0, DEFAULT_MAX_FRAME_BYTES, secret, null,
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    public TransportSettings withPort(int newPort) {
        return new TransportSettings(bindHost, advertisedHost, newPort, advertisedPort, maxFrameBytes, secret, tls,
                handshakeTimeout, connectTimeout);
    }

    public TransportSettings withMaxFrameBytes(int bytes) {
        return new TransportSettings(bindHost, advertisedHost, port, advertisedPort, bytes, secret, tls,
                handshakeTimeout, connectTimeout);
    }

    public TransportSettings withHandshakeTimeout(Duration timeout) {
        return new TransportSettings(bindHost, advertisedHost, port, advertisedPort, maxFrameBytes, secret, tls,
                timeout, connectTimeout);
    }

    public TransportSettings withTls(TlsSettings newTls, ClusterSecret newSecret) {
        return new TransportSettings(bindHost, advertisedHost, port, advertisedPort, maxFrameBytes, newSecret, newTls,
                handshakeTimeout, connectTimeout);
    }
}
