package io.sluice.rpc;

import java.util.Objects;

/**
 * Where one incarnation of an endpoint is reached: its process ({@code host}, {@code port}), the endpoint's id
 * there, and the fencing token every call to it carries ({@code null}: the endpoint is not fenced). Components
 * pass addresses to each other, never gateway objects: the receiver connects with {@link RpcService#connect}.
 *
 * @param host the host of the endpoint's process, or {@link #IN_PROCESS} for an endpoint only this JVM reaches
 * @param port the RPC port of that process; 0 for {@link #IN_PROCESS}
 */
public record RpcAddress(String host, int port, String endpoint, String fencingToken) {
    /** The host of endpoints served by a process without a network transport. */
    public static final String IN_PROCESS = "in-process";

    public RpcAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(endpoint, "endpoint");
        if (host.isBlank() || endpoint.isBlank()) {
            throw new IllegalArgumentException("an RPC address needs a host and an endpoint id, got '" + endpoint
                    + "@" + host + ":" + port + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("RPC port " + port + " of " + endpoint + "@" + host
                    + " is out of range (0 to 65535)");
        }
    }

    /** The same endpoint, called with another fencing token. */
    public RpcAddress withFencingToken(String token) {
        return new RpcAddress(host, port, endpoint, token);
    }

    /** {@code host:port}, the process this endpoint lives in. */
    public String process() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return endpoint + "@" + process();
    }
}
