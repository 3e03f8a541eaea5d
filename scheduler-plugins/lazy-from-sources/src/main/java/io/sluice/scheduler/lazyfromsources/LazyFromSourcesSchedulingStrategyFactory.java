package io.sluice.scheduler.lazyfromsources;

import io.sluice.api.job.JobVertexId;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.ConsumedPartitionGroup;
import io.sluice.api.scheduling.SchedulerOperations;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.api.scheduling.SchedulingStrategy;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.scheduling.SchedulingTopology;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The {@code lazy-from-sources} scheduler: sources first, then every task as soon as its inputs allow (batch jobs). */
@Component
@StrategyName("lazy-from-sources")
public class LazyFromSourcesSchedulingStrategyFactory implements SchedulingStrategyFactory {

    @Override
    public SchedulingStrategy create(SchedulerOperations operations, SchedulingTopology topology) {
        return new LazyFromSourcesSchedulingStrategy(operations, topology);
    }

    /**
     * A vertex that reads a pipelined input from {@code X} and a blocking one whose producer needs {@code X} to
     * finish never starts: it waits for the blocking input, while {@code X} waits, back-pressured, for it to read.
     * Such a job is refused; {@code pipelined-region} schedules it. Checked on job vertices (one subtask each, as
     * every subtask of a vertex reads every input), so it stays cheap for dense jobs.
     */
    @Override
    public Optional<String> unsupportedReason(SchedulingTopology topology) {
        Map<JobVertexId, Map<JobVertexId, Boolean>> inputs = new LinkedHashMap<>(); // consumer -> producer -> blocking
        for (SchedulingExecutionVertex task : topology.getVertices()) {
            if (task.getId().subtaskIndex() != 0) {
                continue;
            }
            Map<JobVertexId, Boolean> producers = inputs.computeIfAbsent(task.getId().jobVertexId(), v -> new HashMap<>());
            for (ConsumedPartitionGroup group : task.getConsumedPartitionGroups()) {
                JobVertexId producer = topology.getResultPartition(group.iterator().next()).getProducer().getId()
                        .jobVertexId();
                producers.merge(producer, group.getResultPartitionType().isBlocking(), Boolean::logicalOr);
            }
        }
        for (Map.Entry<JobVertexId, Map<JobVertexId, Boolean>> consumer : inputs.entrySet()) {
            for (Map.Entry<JobVertexId, Boolean> pipelined : consumer.getValue().entrySet()) {
                if (pipelined.getValue()) {
                    continue;
                }
                for (Map.Entry<JobVertexId, Boolean> blocking : consumer.getValue().entrySet()) {
                    if (blocking.getValue() && dependsOn(inputs, blocking.getKey(), pipelined.getKey())) {
                        return Optional.of("vertex '" + consumer.getKey() + "' reads '" + pipelined.getKey()
                                + "' pipelined and '" + blocking.getKey() + "' blocking, which needs '"
                                + pipelined.getKey() + "' to finish first: it would never start; use the "
                                + "pipelined-region scheduler");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code vertex} is {@code ancestor} or reads from it, directly or not. */
    private static boolean dependsOn(Map<JobVertexId, Map<JobVertexId, Boolean>> inputs, JobVertexId vertex,
            JobVertexId ancestor) {
        Set<JobVertexId> seen = new HashSet<>();
        Deque<JobVertexId> todo = new ArrayDeque<>();
        todo.add(vertex);
        while (!todo.isEmpty()) {
            JobVertexId next = todo.poll();
            if (next.equals(ancestor)) {
                return true;
            }
            if (seen.add(next)) {
                todo.addAll(inputs.getOrDefault(next, Map.of()).keySet());
            }
        }
        return false;
    }
}
