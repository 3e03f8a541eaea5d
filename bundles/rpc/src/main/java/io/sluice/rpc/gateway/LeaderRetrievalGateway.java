package io.sluice.rpc.gateway;

import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Where a component of the master is reached now, with its current fencing token: what a worker or a client asks
 * the master's well-known, unfenced endpoint before it calls the component (without high availability; with it,
 * ZooKeeper answers).
 */
public interface LeaderRetrievalGateway {
    /** The id of the ResourceManager's leader endpoint in the master process. */
    String RESOURCE_MANAGER = "resourcemanager.leader";

    @RpcMessage(id = 501)
    CompletableFuture<RpcAddress> requestLeaderAddress();
}
