package io.sluice.api.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A scheduling strategy plugin, registered as a service with a {@link io.sluice.api.plugin.StrategyName}.
 *
 * <p><b>Threading:</b> called on the main thread of the JobMaster that runs the job; must not block.
 * <b>State:</b> the factory itself is shared by every job of the cluster and must keep no per-job state.
 */
@ConsumerType
public interface SchedulingStrategyFactory {

    /**
     * Creates the strategy of one job. Called when the job starts and again, on a fresh instance, when this
     * plugin is replaced by a new version while the job runs; in both cases the topology shows the current
     * execution states.
     */
    SchedulingStrategy create(SchedulerOperations operations, SchedulingTopology topology);

    /**
     * Why this strategy cannot run the job, or empty if it can. Checked at submission, so that a job the
     * strategy can never run is rejected with this message instead of hanging.
     */
    default Optional<String> unsupportedReason(SchedulingTopology topology) {
        return Optional.empty();
    }

    /**
     * The groups of tasks this strategy deploys together, which must therefore all hold a slot at the same
     * time. A job whose largest group needs more slots than a cluster that cannot grow has is refused at
     * submission instead of waiting for slots forever. By default the pipelined regions, which any strategy
     * must deploy together.
     */
    default List<? extends Iterable<? extends SchedulingExecutionVertex>> tasksDeployedTogether(
            SchedulingTopology topology) {
        List<Iterable<? extends SchedulingExecutionVertex>> regions = new ArrayList<>();
        for (SchedulingPipelinedRegion region : topology.getAllPipelinedRegions()) {
            regions.add(region.getVertices());
        }
        return regions;
    }
}
