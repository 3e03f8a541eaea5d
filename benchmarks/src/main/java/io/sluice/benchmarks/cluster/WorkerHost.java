package io.sluice.benchmarks.cluster;

import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Simulated workers that share one network transport and one main thread: to the master they look like one worker
 * process per host, with one connection (the transport keeps one per pair of processes) carrying the calls of all of
 * its workers. Each worker is its own endpoint, fenced by its own registration id as a TaskExecutor is.
 */
final class WorkerHost implements AutoCloseable {
    private final int index;
    private final NettyRpcService rpc;
    private final ThreadMainThreadExecutor mainThread;
    private final ResourceManagerGateway resourceManager;
    private final List<SimulatedWorker> workers = new ArrayList<>();

    /** @param resourceManager the ResourceManager's current address and fencing token (from its leader endpoint) */
    WorkerHost(int index, ClusterSecret secret, RpcAddress resourceManager) {
        this.index = index;
        this.rpc = new NettyRpcService(TransportSettings.loopback(secret), warning -> System.err.println(
                "host " + index + ": " + warning));
        this.mainThread = new ThreadMainThreadExecutor("simulated-workers-" + index);
        this.resourceManager = rpc.connect(resourceManager, ResourceManagerGateway.class);
    }

    int size() {
        return workers.size();
    }

    List<SimulatedWorker> workers() {
        return workers;
    }

    /** Serves one more worker and registers it; completes with the ResourceManager's answer. */
    CompletableFuture<RpcAddress> addWorker(int slots) {
        SimulatedWorker worker = new SimulatedWorker(new WorkerId("sim-" + index + "-" + workers.size()), slots,
                resourceManager);
        String registrationId = UUID.randomUUID().toString();
        RpcAddress address = rpc.serve("taskexecutor-" + worker.id().value(), TaskExecutorGateway.class, worker,
                mainThread, () -> registrationId).address();
        workers.add(worker);
        return worker.register(address);
    }

    /** The master's connections from here close: it loses these workers at once, as when a worker process ends. */
    @Override
    public void close() {
        rpc.close();
        mainThread.close();
    }
}
