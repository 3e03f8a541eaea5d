package io.sluice.api.resource;

import io.sluice.api.slot.WorkerId;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Starts and stops workers for the ResourceManager; registered as a service with a
 * {@link io.sluice.api.plugin.StrategyName}.
 *
 * <p><b>Threading:</b> called on the ResourceManager's main thread; must not block. Do slow work (starting
 * a process, calling an orchestrator) on the provider's own threads, complete the returned future there,
 * and stop those threads when the component deactivates. <b>State:</b> a provider may remember the
 * workers it started, but the ResourceManager's view is the truth: a started worker counts once it
 * registers, and after a swap the new provider is asked to stop workers it did not start.
 */
@ConsumerType
public interface ResourceProvider {

    /** Factory PID of the TaskExecutor component; an in-process provider creates configurations of it. */
    String TASK_EXECUTOR_FACTORY_PID = "io.sluice.taskexecutor";

    /** Configuration property naming the worker a TaskExecutor configuration starts. */
    String WORKER_ID_PROPERTY = "taskexecutor.id";

    /** Configuration property with a TaskExecutor's number of slots. */
    String SLOTS_PROPERTY = "taskexecutor.slots";

    /** Configuration property with the CPU cores of each slot (a decimal number). */
    String SLOT_CPU_PROPERTY = "taskexecutor.slot.cpu";

    /** Configuration property with the heap of each slot, in MB. */
    String SLOT_HEAP_PROPERTY = "taskexecutor.slot.heap-mb";

    /** Configuration property with the managed memory of each slot, in MB. */
    String SLOT_MANAGED_PROPERTY = "taskexecutor.slot.managed-mb";

    /** Whether this provider starts workers on demand; a passive one never does. */
    boolean isActive();

    /**
     * Starts a worker of this shape; completes with its id once it is launched (it registers with the
     * ResourceManager on its own). A passive provider completes exceptionally.
     */
    CompletableFuture<WorkerId> startWorker(WorkerSpec spec);

    /** Stops a worker this provider started; completes when it is gone. Unknown ids complete normally. */
    CompletableFuture<Void> stopWorker(WorkerId worker);

    /**
     * Whether this provider started {@code worker} and has not stopped it: a ResourceManager that starts after the
     * worker did (its bundle was restarted) then releases it when idle, as the one that asked for it would have.
     * Any thread. Providers that start nothing keep the default.
     */
    default boolean hasStarted(WorkerId worker) {
        return false;
    }
}
