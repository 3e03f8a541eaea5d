package io.sluice.api.scheduling;

import io.sluice.api.job.ExecutionVertexId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What a scheduling strategy may ask of the JobMaster's scheduler. Call only on the JobMaster's main thread. */
@ProviderType
public interface SchedulerOperations {

    /**
     * Requests slots for the vertices and deploys each once its slot arrives. Vertices not in state CREATED
     * are ignored, so asking twice is harmless. Returns at once; progress shows up as state changes.
     */
    void allocateSlotsAndDeploy(List<ExecutionVertexId> vertices);
}
