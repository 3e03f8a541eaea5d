package io.sluice.api.failover;

import io.sluice.api.scheduling.SchedulingTopology;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A failover strategy plugin, registered as a service with a {@link io.sluice.api.plugin.StrategyName}.
 *
 * <p><b>Threading:</b> called on the main thread of a JobMaster (or of the {@code plan} command); must not
 * block. <b>State:</b> shared by every job; keep no per-job state here.
 */
@ConsumerType
public interface FailoverStrategyFactory {

    /**
     * Creates the strategy for one job. The runtime looks the factory up again at every failure, so a new
     * version of the plugin takes over at the next failure.
     */
    FailoverStrategy create(SchedulingTopology topology, ResultPartitionAvailability availability);

    /**
     * Why this strategy cannot handle the job, or empty if it can; checked at submission so that, e.g.,
     * {@code restart-individual} rejects a job whose tasks exchange data.
     */
    default Optional<String> unsupportedReason(SchedulingTopology topology) {
        return Optional.empty();
    }
}
