package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ExecutionGraphId;
import io.sluice.rpc.gateway.TaskDeploymentDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A consumer deployed before its producer was placed reads where the producer is once it is (Flink's
 * updatePartitionInfo): its descriptor says "not placed", and placing the producer yields one update for it.
 */
class PartitionLocationUpdateTest {
    private final ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("src", "identity", 1)
            .vertex("sink", "identity", 1).connect("src", "sink", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)
            .config("chaining", "false").build());
    private final Execution[] executions = new Execution[graph.taskCount()];
    private final TaskDeployments deployments;

    PartitionLocationUpdateTest() {
        ExecutionGraphId run = ExecutionGraphId.generate();
        for (ExecutionVertex vertex : graph.getVertices()) {
            executions[vertex.index()] = new Execution(run, vertex);
            executions[vertex.index()].reset(0);
        }
        deployments = new TaskDeployments(new JobId("j"), graph, executions);
    }

    private Execution execution(String id) {
        return executions[graph.getVertex(ExecutionVertexId.parse(id)).index()];
    }

    private static PhysicalSlot slot(String worker, String dataAddress) {
        return new PhysicalSlot(AllocationId.next(), new SlotId(new WorkerId(worker), 0), ResourceProfile.UNKNOWN, null,
                dataAddress);
    }

    private static void deployed(Execution execution, PhysicalSlot slot) {
        execution.transition(ExecutionState.SCHEDULED, 0);
        execution.slot = slot;
        execution.transition(ExecutionState.DEPLOYING, 0);
    }

    @Test
    void aConsumerDeployedFirstIsToldWhereItsProducerIsOnceItIsPlaced() {
        Execution source = execution("src#0");
        Execution sink = execution("sink#0");
        source.transition(ExecutionState.SCHEDULED, 0); // requested, not placed yet
        deployed(sink, slot("w2", "host-b:7001"));
        TaskDeploymentDescriptor.PartitionLocation early = deployments.of(sink).inputs().get(0).partitions().get(0);
        assertThat(early.isPlaced()).isFalse();

        source.slot = slot("w1", "host-a:7000");
        source.transition(ExecutionState.DEPLOYING, 0);
        List<TaskDeployments.LocationUpdate> updates = deployments.placed(source);
        assertThat(updates).singleElement().satisfies(update -> {
            assertThat(update.consumer()).isSameAs(sink);
            assertThat(update.partitions()).singleElement().satisfies(location -> {
                assertThat(location.partition()).isEqualTo(early.partition());
                assertThat(location.producer()).isEqualTo(source.attemptId());
                assertThat(location.worker()).isEqualTo(new WorkerId("w1"));
                assertThat(location.dataAddress()).isEqualTo("host-a:7000");
            });
        });
        assertThat(deployments.placed(source)).isEmpty(); // told once
    }

    @Test
    void aConsumerThatRestartedMeanwhileIsNotToldAboutItsOldAttempt() {
        Execution source = execution("src#0");
        Execution sink = execution("sink#0");
        source.transition(ExecutionState.SCHEDULED, 0);
        deployed(sink, slot("w2", "host-b:7001"));
        deployments.of(sink);
        sink.reset(1); // its attempt ended and a new one was created
        source.slot = slot("w1", "host-a:7000");
        source.transition(ExecutionState.DEPLOYING, 0);
        assertThat(deployments.placed(source)).isEmpty();
    }

    @Test
    void aConsumerDeployedAfterItsProducerWasPlacedReadsWhereItIsAtOnce() {
        Execution source = execution("src#0");
        deployed(source, slot("w1", "host-a:7000"));
        Execution sink = execution("sink#0");
        deployed(sink, slot("w2", "host-b:7001"));
        assertThat(deployments.of(sink).inputs().get(0).partitions().get(0).dataAddress()).isEqualTo("host-a:7000");
        assertThat(deployments.placed(source)).isEmpty();
    }
}
