package io.sluice.rpc;

import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A gateway that follows the current incarnation of a master component: it asks the component's leader endpoint
 * for the address (and fencing token) before the first call, and again after a call failed because the component
 * was gone or had restarted (a stale token, a closed connection, no answer). Calls are never retried here: the
 * caller's own protocol (heartbeats, registration retries) decides what to send again.
 */
public final class LeaderGateways {
    private LeaderGateways() {
    }

    /** A gateway of {@code type} to whichever endpoint the leader endpoint at {@code leader} names. */
    public static <G> G follow(RpcService rpc, RpcAddress leader, Class<G> type) {
        LeaderRetrievalGateway retrieval = rpc.connect(leader, LeaderRetrievalGateway.class);
        AtomicReference<CompletableFuture<G>> current = new AtomicReference<>();
        return Gateways.proxy(type, type.getSimpleName() + " led from " + leader, new Gateways.Invoker() {
            private CompletableFuture<G> resolved() {
                CompletableFuture<G> known = current.get();
                if (known != null && !known.isCompletedExceptionally()) {
                    return known;
                }
                CompletableFuture<G> fresh = retrieval.requestLeaderAddress()
                        .thenApply(address -> rpc.connect(address, type));
                current.compareAndSet(known, fresh);
                return fresh;
            }

            @Override
            public CompletableFuture<Object> call(Method method, Object[] args) {
                CompletableFuture<G> target = resolved();
                CompletableFuture<Object> result = target.thenCompose(gateway -> invoke(gateway, method, args));
                result.whenComplete((value, error) -> {
                    if (error != null && Gateways.cause(error) instanceof RpcException) {
                        current.compareAndSet(target, null); // ask the leader endpoint again next time
                    }
                });
                return result;
            }

            @Override
            public void tell(Method method, Object[] args) {
                resolved().thenAccept(gateway -> invoke(gateway, method, args));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> invoke(Object gateway, Method method, Object[] args) {
        try {
            Object result = method.invoke(gateway, args);
            return result == null ? CompletableFuture.completedFuture(null) : (CompletableFuture<Object>) result;
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (IllegalAccessException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
