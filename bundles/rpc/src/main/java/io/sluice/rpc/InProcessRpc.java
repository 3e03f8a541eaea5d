package io.sluice.rpc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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

    public static <G> G gateway(Class<G> type, G target, MainThreadExecutor targetThread) {
        for (Method method : type.getMethods()) {
            if (method.getReturnType() != CompletableFuture.class && method.getReturnType() != void.class) {
                throw new IllegalArgumentException(type.getName() + "." + method.getName()
                        + " must return CompletableFuture or void to be a gateway method");
            }
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + "@" + targetThread;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            if (method.getReturnType() == void.class) {
                targetThread.execute(() -> invoke(method, target, args, new CompletableFuture<>()));
                return null;
            }
            CompletableFuture<Object> result = new CompletableFuture<>();
            if (!targetThread.tryExecute(() -> invoke(method, target, args, result))) {
                result.completeExceptionally(new RpcException(type.getSimpleName() + "." + method.getName()
                        + ": endpoint " + targetThread + " is closed"));
                return result;
            }
            Duration timeout = askTimeout;
            // outlives the endpoint: a call it accepted and then dropped by closing still ends
            MainThreadExecutor.ScheduledTask timer = targetThread.scheduleTimeout(() -> result.completeExceptionally(
                    new RpcException(type.getSimpleName() + "." + method.getName() + ": no answer from endpoint "
                            + targetThread + " within " + timeout.toMillis() + " ms (rpc.ask-timeout)")), timeout);
            result.whenComplete((value, error) -> timer.cancel());
            return result;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @SuppressWarnings("unchecked")
    private static void invoke(Method method, Object target, Object[] args, CompletableFuture<Object> result) {
        try {
            Object value = method.invoke(target, args);
            if (value instanceof CompletableFuture<?> future) {
                ((CompletableFuture<Object>) future).whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } else {
                result.complete(value);
            }
        } catch (InvocationTargetException e) {
            result.completeExceptionally(e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
