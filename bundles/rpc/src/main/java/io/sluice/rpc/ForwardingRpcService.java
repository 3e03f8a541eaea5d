package io.sluice.rpc;

import java.util.function.Supplier;

/** An {@link RpcService} that hands every call to another: for components that publish a transport they own. */
public abstract class ForwardingRpcService implements RpcService {

    /** The transport the calls go to. */
    protected abstract RpcService delegate();

    @Override
    public <G> Registration serve(String id, Class<G> type, G target, MainThreadExecutor mainThread,
            Supplier<String> fencingToken) {
        return delegate().serve(id, type, target, mainThread, fencingToken);
    }

    @Override
    public <G> G connect(RpcAddress address, Class<G> type) {
        return delegate().connect(address, type);
    }

    @Override
    public RpcAddress addressOf(String id) {
        return delegate().addressOf(id);
    }

    @Override
    public Subscription watch(RpcAddress address, Runnable onLost) {
        return delegate().watch(address, onLost);
    }
}
