package io.sluice.failover.restartindividual;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.ResultPartitionAvailability;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.api.scheduling.ConsumerVertexGroup;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingResultPartition;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code restart-individual} failover strategy: a failure restarts the failed task and nothing else.
 * That is only correct when tasks exchange no data: a consumer restarted alone could not read its input
 * again, and a producer restarted alone would send its consumers records they already have.
 */
@Component
@StrategyName("restart-individual")
public class RestartIndividualFailoverStrategyFactory implements FailoverStrategyFactory {

    @Override
    public FailoverStrategy create(SchedulingTopology topology, ResultPartitionAvailability availability) {
        return (failedTask, cause) -> Set.of(failedTask);
    }

    @Override
    public Optional<String> unsupportedReason(SchedulingTopology topology) {
        // stops at the first task with an edge, so a valid job costs one pass over its tasks
        for (SchedulingExecutionVertex vertex : topology.getVertices()) {
            Optional<String> edge = describeEdge(topology, vertex);
            if (edge.isPresent()) {
                return Optional.of("restart-individual restarts one task alone, so it only works for jobs whose"
                        + " tasks exchange no data; this job has edges (e.g. " + edge.get() + ")");
            }
        }
        return Optional.empty();
    }

    /** One data exchange of the task, in words, naming the task at its other end where there is one. */
    private static Optional<String> describeEdge(SchedulingTopology topology, SchedulingExecutionVertex vertex) {
        for (SchedulingResultPartition produced : vertex.getProducedResults()) {
            for (ConsumerVertexGroup consumers : produced.getConsumerVertexGroups()) {
                Iterator<ExecutionVertexId> consumer = consumers.iterator();
                if (consumer.hasNext()) {
                    return Optional.of(vertex.getId() + " writes to " + consumer.next());
                }
            }
            return Optional.of(vertex.getId() + " writes data set " + produced.getResultId());
        }
        for (ConsumedPartitionGroup group : vertex.getConsumedPartitionGroups()) {
            Iterator<IntermediateResultPartitionId> partition = group.iterator();
            if (partition.hasNext()) {
                return Optional.of(vertex.getId() + " reads from "
                        + topology.getResultPartition(partition.next()).getProducer().getId());
            }
            return Optional.of(vertex.getId() + " reads data set " + group.getIntermediateDataSetId());
        }
        return Optional.empty();
    }
}
