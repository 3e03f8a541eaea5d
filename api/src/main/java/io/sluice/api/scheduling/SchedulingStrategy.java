package io.sluice.api.scheduling;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides when the tasks of one job are deployed.
 *
 * <p><b>Threading:</b> every method is called on the JobMaster's main thread, one call at a time; none may
 * block or start threads. Deploy only through {@link SchedulerOperations}.
 *
 * <p><b>State and hot swap:</b> a strategy may cache what it derives from the topology (regions, input
 * counts), but nothing that cannot be rebuilt from the topology and the current execution states: when
 * the plugin is replaced while the job runs, a new instance is created and {@link #startScheduling()} is
 * called on it with the job half-way through.
 */
@ConsumerType
public interface SchedulingStrategy {

    /**
     * Deploys the vertices in state {@link ExecutionState#CREATED} that this strategy considers ready.
     * Called once when the job starts, and once on a replacement instance after a hot swap, so it must
     * judge readiness from the current states rather than assume a fresh job.
     */
    void startScheduling();

    /** The given vertices were reset to CREATED by failover and must be scheduled again. */
    void restartTasks(Set<ExecutionVertexId> verticesToRestart);

    /** An execution of {@code vertex} reached {@code state}. */
    void onExecutionStateChange(ExecutionVertexId vertex, ExecutionState state);

    /** A pipelined partition has its first data, or a blocking partition is complete. */
    void onPartitionConsumable(IntermediateResultPartitionId partition);
}
