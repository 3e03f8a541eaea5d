package io.sluice.rpc;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The endpoints one process serves, by id: where every transport delivers the calls it receives. Thread-safe.
 */
public final class RpcEndpoints {
    private final ConcurrentMap<String, Endpoint<?>> endpoints = new ConcurrentHashMap<>();
    private final Consumer<String> warnings;

    /** @param warnings where refused calls (stale fencing tokens) are reported */
    public RpcEndpoints(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Serves {@code target} as {@code id}; the returned handle stops serving it. */
    public <G> Runnable serve(String id, Class<G> type, G target, MainThreadExecutor mainThread,
            Supplier<String> fencingToken) {
        Endpoint<G> endpoint = new Endpoint<>(id, type, target, mainThread, fencingToken, warnings);
        if (endpoints.putIfAbsent(id, endpoint) != null) {
            throw new IllegalArgumentException("endpoint id '" + id + "' is served already");
        }
        return () -> {
            if (endpoints.remove(id, endpoint)) {
                endpoint.closed();
            }
        };
    }

    /**
     * Runs {@code onClosed} once when endpoint {@code id} stops being served, or at once (on this thread) when it
     * is not served now with {@code fencingToken}: a watcher holding an address of an earlier incarnation hears
     * that it is gone. The returned handle withdraws the watch.
     */
    public Runnable watch(String id, String fencingToken, Runnable onClosed) {
        Endpoint<?> endpoint = endpoints.get(id);
        if (endpoint == null || !java.util.Objects.equals(endpoint.fencingToken(), fencingToken)) {
            onClosed.run();
            return () -> { };
        }
        return endpoint.onClose(onClosed);
    }

    /** The gateway type endpoint {@code id} serves, or {@code null} when no such endpoint is served. */
    public Class<?> typeOf(String id) {
        Endpoint<?> endpoint = endpoints.get(id);
        return endpoint == null ? null : endpoint.type();
    }

    /** The token calls to endpoint {@code id} must carry now, {@code null} when it is not fenced or not served. */
    public String fencingToken(String id) {
        Endpoint<?> endpoint = endpoints.get(id);
        return endpoint == null ? null : endpoint.fencingToken();
    }

    /** Delivers a call; it fails at once with an {@link RpcException} when {@code id} is not served. */
    public CompletableFuture<Object> call(String id, Method method, Object[] args, String fencingToken) {
        Endpoint<?> endpoint = endpoints.get(id);
        if (endpoint == null || !method.getDeclaringClass().isAssignableFrom(endpoint.type())) {
            return CompletableFuture.failedFuture(new RpcException(method.getDeclaringClass().getSimpleName() + "."
                    + method.getName() + ": " + missing(id, endpoint)));
        }
        return endpoint.call(method, args, fencingToken);
    }

    /** Delivers a one-way message; dropped when {@code id} is not served, as a stopped component would drop it. */
    public void tell(String id, Method method, Object[] args, String fencingToken) {
        Endpoint<?> endpoint = endpoints.get(id);
        if (endpoint != null && method.getDeclaringClass().isAssignableFrom(endpoint.type())) {
            endpoint.tell(method, args, fencingToken);
        }
    }

    private static String missing(String id, Endpoint<?> endpoint) {
        return endpoint == null ? "no endpoint '" + id + "' here (it stopped, or never ran in this process)"
                : "endpoint '" + id + "' is a " + endpoint.type().getSimpleName();
    }
}
