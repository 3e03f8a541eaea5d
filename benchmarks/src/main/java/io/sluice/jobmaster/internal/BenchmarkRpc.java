package io.sluice.jobmaster.internal;

import io.sluice.rpc.ForwardingRpcService;
import io.sluice.rpc.LocalRpcService;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process transport, plus fake peers reached directly on the caller's thread: Flink's scheduler
 * benchmarks talk to a testing TaskManager gateway that answers at once, and so do ours.
 */
final class BenchmarkRpc extends ForwardingRpcService {
    private static final String DIRECT = "direct";
    private final LocalRpcService local = new LocalRpcService(warning -> { });
    private final Map<String, Object> direct = new ConcurrentHashMap<>();

    /** An address whose gateway is {@code target} itself. */
    <G> RpcAddress direct(String id, G target) {
        direct.put(id, target);
        return new RpcAddress(DIRECT, 0, id, null);
    }

    @Override
    protected RpcService delegate() {
        return local;
    }

    @Override
    public <G> G connect(RpcAddress address, Class<G> type) {
        return address.host().equals(DIRECT) ? type.cast(direct.get(address.endpoint())) : local.connect(address, type);
    }

    /** A direct peer is never lost. */
    @Override
    public Subscription watch(RpcAddress address, Runnable onLost) {
        return address.host().equals(DIRECT) ? () -> { } : local.watch(address, onLost);
    }
}
