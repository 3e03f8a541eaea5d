package io.sluice.rest.internal;

import io.sluice.jobmaster.JobChecks;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;

/**
 * The services of this process the routes call. Each may be missing for a moment (its bundle restarts): the
 * request is then answered 503, and the server keeps serving the rest.
 */
interface Backend {
    DispatcherGateway dispatcher();

    ResourceManagerGateway resourceManager();

    StrategyRegistry registry();

    OperatorCatalog operators();

    JobChecks checks();

    static RestException unavailable(String component) {
        return new RestException(503, "the " + component + " of this master is not running; try again shortly");
    }
}
