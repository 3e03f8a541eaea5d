package io.sluice.resource.standalone;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.api.slot.WorkerId;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code standalone} resource provider: workers register themselves — a
 * {@code conf/io.sluice.taskexecutor-<name>.cfg} per worker, or workers an operator starts — and none is ever
 * started or stopped by the cluster.
 */
@Component
@StrategyName("standalone")
public class StandaloneResourceProvider implements ResourceProvider {

    @Override
    public boolean isActive() {
        return false;
    }

    @Override
    public CompletableFuture<WorkerId> startWorker(WorkerSpec spec) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the standalone resource provider "
                + "starts no workers; add one with conf/" + TASK_EXECUTOR_FACTORY_PID + "-<name>.cfg"));
    }

    @Override
    public CompletableFuture<Void> stopWorker(WorkerId worker) {
        return CompletableFuture.completedFuture(null);
    }
}
