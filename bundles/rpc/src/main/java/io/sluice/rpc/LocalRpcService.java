package io.sluice.rpc;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The transport of a process without a network: every endpoint is in this JVM ({@link RpcAddress#IN_PROCESS})
 * and a call becomes a task on the target's main thread, the message objects passed as they are (they are
 * immutable). Used by {@code ./sluice run}, the embedded platform and the MiniCluster.
 */
public final class LocalRpcService implements RpcService {
    private final RpcEndpoints endpoints;

    public LocalRpcService(Consumer<String> warnings) {
        this.endpoints = new RpcEndpoints(warnings);
    }

    @Override
    public <G> Registration serve(String id, Class<G> type, G target, MainThreadExecutor mainThread,
            Supplier<String> fencingToken) {
        Runnable stop = endpoints.serve(id, type, target, mainThread, fencingToken);
        return new Registration() {
            @Override
            public RpcAddress address() {
                return new RpcAddress(RpcAddress.IN_PROCESS, 0, id, endpoints.fencingToken(id));
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }

    @Override
    public <G> G connect(RpcAddress address, Class<G> type) {
        boolean local = address.host().equals(RpcAddress.IN_PROCESS);
        return Gateways.proxy(type, type.getSimpleName() + "@" + address, new Gateways.Invoker() {
            @Override
            public CompletableFuture<Object> call(Method method, Object[] args) {
                if (!local) {
                    return CompletableFuture.failedFuture(new RpcException(type.getSimpleName() + "." + method.getName()
                            + ": cannot reach " + address + ", this process has no network transport"));
                }
                return endpoints.call(address.endpoint(), method, args, address.fencingToken());
            }

            @Override
            public void tell(Method method, Object[] args) {
                if (local) {
                    endpoints.tell(address.endpoint(), method, args, address.fencingToken());
                }
            }
        });
    }

    @Override
    public RpcAddress addressOf(String endpoint) {
        return new RpcAddress(RpcAddress.IN_PROCESS, 0, endpoint, null);
    }

    /** An in-process endpoint is lost when it stops being served; any other address is unreachable from here. */
    @Override
    public Subscription watch(RpcAddress address, Runnable onLost) {
        if (!address.host().equals(RpcAddress.IN_PROCESS)) {
            onLost.run();
            return () -> { };
        }
        Runnable withdraw = endpoints.watch(address.endpoint(), address.fencingToken(), onLost);
        return withdraw::run;
    }
}
