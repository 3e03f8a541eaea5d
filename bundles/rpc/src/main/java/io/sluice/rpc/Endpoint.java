package io.sluice.rpc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One served endpoint: the component, the main thread its calls run on and its current fencing token. Every
 * transport ends in {@link #call} or {@link #tell}, so a call has the same contract in-process and over the
 * network: it runs on the main thread, a stale token is refused there, and it always ends.
 */
final class Endpoint<G> {
    private final String id;
    private final Class<G> type;
    private final G target;
    private final MainThreadExecutor mainThread;
    private final Supplier<String> fencingToken;
    private final Consumer<String> warnings;
    /** Told once when the endpoint stops being served; {@code null} once it has. Guarded by {@code this}. */
    private java.util.List<Runnable> closeListeners = new java.util.ArrayList<>();

    Endpoint(String id, Class<G> type, G target, MainThreadExecutor mainThread, Supplier<String> fencingToken,
            Consumer<String> warnings) {
        Gateways.check(type);
        this.id = id;
        this.type = type;
        this.target = Objects.requireNonNull(target, "target");
        this.mainThread = Objects.requireNonNull(mainThread, "mainThread");
        this.fencingToken = fencingToken;
        this.warnings = warnings;
    }

    String id() {
        return id;
    }

    Class<G> type() {
        return type;
    }

    /** The token calls must carry now; {@code null} for an endpoint that is not fenced. Any thread. */
    String fencingToken() {
        return fencingToken == null ? null : fencingToken.get();
    }

    /** Runs {@code listener} when the endpoint stops being served, at once (on this thread) if it has. */
    Runnable onClose(Runnable listener) {
        synchronized (this) {
            if (closeListeners != null) {
                closeListeners.add(listener);
                return () -> {
                    synchronized (this) {
                        if (closeListeners != null) {
                            closeListeners.remove(listener);
                        }
                    }
                };
            }
        }
        listener.run();
        return () -> { };
    }

    /** No longer served: every close listener hears it, once. */
    void closed() {
        java.util.List<Runnable> listeners;
        synchronized (this) {
            listeners = closeListeners;
            closeListeners = null;
        }
        if (listeners != null) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * Runs the method on the main thread. Fails at once when the endpoint is closed, with a
     * {@link FencingTokenException} when {@code token} is stale, and after {@code rpc.ask-timeout} (by the main
     * thread's clock) when the component gives no answer.
     */
    CompletableFuture<Object> call(Method method, Object[] args, String token) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (!mainThread.tryExecute(() -> run(method, args, token, result))) {
            result.completeExceptionally(new RpcException(describe(method) + ": endpoint " + id + " is closed"));
            return result;
        }
        Duration timeout = RpcTimeouts.askTimeout();
        // outlives the endpoint: a call it accepted and then dropped by closing still ends
        MainThreadExecutor.ScheduledTask timer = mainThread.scheduleTimeout(() -> result.completeExceptionally(
                new RpcException(describe(method) + ": no answer from endpoint " + id + " within "
                        + timeout.toMillis() + " ms (rpc.ask-timeout)")), timeout);
        result.whenComplete((value, error) -> timer.cancel());
        return result;
    }

    /** A one-way message: dropped when the endpoint is closed, as a stopped process would drop it. */
    void tell(Method method, Object[] args, String token) {
        mainThread.execute(() -> run(method, args, token, new CompletableFuture<>()));
    }

    @SuppressWarnings("unchecked")
    private void run(Method method, Object[] args, String token, CompletableFuture<Object> result) {
        String current = fencingToken();
        if (current != null && !current.equals(token)) {
            String message = describe(method) + " to " + id + " refused: fencing token " + token
                    + " is not the endpoint's current one " + current;
            warnings.accept(message);
            result.completeExceptionally(new FencingTokenException(message));
            return;
        }
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

    private String describe(Method method) {
        return type.getSimpleName() + "." + method.getName();
    }

    @Override
    public String toString() {
        return id + " (" + type.getSimpleName() + " on " + mainThread + ")";
    }
}
