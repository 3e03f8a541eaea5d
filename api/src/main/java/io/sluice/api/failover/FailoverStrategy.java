package io.sluice.api.failover;

import io.sluice.api.job.ExecutionVertexId;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Chooses the tasks to restart when one fails.
 *
 * <p><b>Threading:</b> called on the JobMaster's main thread; must not block. <b>State:</b> may cache what
 * it derives from the topology; it reads current task and partition states from the topology at each call.
 */
@ConsumerType
public interface FailoverStrategy {

    /**
     * The tasks to restart because {@code failedTask} failed with {@code cause}; always contains the failed
     * task. The runtime cancels those still running and leaves tasks in state CREATED alone.
     */
    Set<ExecutionVertexId> getTasksNeedingRestart(ExecutionVertexId failedTask, Throwable cause);
}
