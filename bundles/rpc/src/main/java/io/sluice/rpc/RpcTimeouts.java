package io.sluice.rpc;

import java.time.Duration;

/**
 * The ask timeout every call of every transport waits at most ({@code rpc.ask-timeout}): a call always ends, with
 * its answer or with an {@link RpcException} naming the endpoint and the method.
 */
public final class RpcTimeouts {
    /** Flink's {@code pekko.ask.timeout}. */
    public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(10);

    private static volatile Duration askTimeout = DEFAULT_ASK_TIMEOUT;

    private RpcTimeouts() {
    }

    /** How long every call from now on waits for its answer ({@code rpc.ask-timeout}). */
    public static void setAskTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rpc.ask-timeout must be positive, got " + timeout);
        }
        askTimeout = timeout;
    }

    public static Duration askTimeout() {
        return askTimeout;
    }
}
