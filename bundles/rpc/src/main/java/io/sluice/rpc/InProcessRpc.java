package io.sluice.rpc;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The in-process transport: a gateway whose every call becomes a task on the target component's main
 * thread. The returned future completes on that thread; callers continue on their own main thread with
 * {@code thenAcceptAsync(..., mainThread)}. Gateway methods must return {@code CompletableFuture} (or
 * {@code void}, for one-way messages). A call always ends: it fails at once with an {@link RpcException} when the
 * endpoint is closed, and after {@code rpc.ask-timeout} (by the target's clock) when it got no answer. One-way
 * messages to a closed endpoint are dropped, as a stopped process would drop them.
 */
public final class InProcessRpc {
    /** Flink's {@code pekko.ask.timeout}. */
    public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(10);

    private static volatile Duration askTimeout = DEFAULT_ASK_TIMEOUT;

    private InProcessRpc() {
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

    /** A gateway of {@code target} whose calls run on {@code targetThread}; not fenced, not reachable by address. */
    public static <G> G gateway(Class<G> type, G target, MainThreadExecutor targetThread) {
        Endpoint<G> endpoint = new Endpoint<>(targetThread.toString(), type, target, targetThread, null, warning -> { });
        return Gateways.proxy(type, type.getSimpleName() + "@" + targetThread, new Gateways.Invoker() {
            @Override
            public CompletableFuture<Object> call(Method method, Object[] args) {
                return endpoint.call(method, args, null);
            }

            @Override
            public void tell(Method method, Object[] args) {
                endpoint.tell(method, args, null);
            }
        });
    }
}
