package io.sluice.failover.restartindividual;

import static io.sluice.api.job.PartitionerKind.FORWARD;
import static io.sluice.api.job.PartitionerKind.HASH;
import static io.sluice.api.job.ResultPartitionType.BLOCKING;
import static io.sluice.api.job.ResultPartitionType.PIPELINED;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.failover.FailoverStrategy;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.JobGraph;
import io.sluice.executiongraph.ExecutionGraph;
import org.junit.jupiter.api.Test;

class RestartIndividualFailoverStrategyTest {
    private final RestartIndividualFailoverStrategyFactory factory = new RestartIndividualFailoverStrategyFactory();

    @Test
    void aFailureRestartsExactlyTheFailedTask() {
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("a", "x", 3).vertex("b", "x", 2).build());
        assertThat(factory.unsupportedReason(graph)).isEmpty();
        FailoverStrategy strategy = factory.create(graph, partition -> true);
        assertThat(strategy.getTasksNeedingRestart(ExecutionVertexId.parse("a#1"), new RuntimeException("boom")))
                .containsExactly(ExecutionVertexId.parse("a#1"));
        assertThat(strategy.getTasksNeedingRestart(ExecutionVertexId.parse("b#0"), new RuntimeException("boom")))
                .containsExactly(ExecutionVertexId.parse("b#0"));
    }

    @Test
    void rejectsAJobWhoseTasksExchangeDataNamingOneOffendingTask() {
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("lone", "x", 2)
                .vertex("src", "x", 2).vertex("sink", "x", 2).connect("src", "sink", HASH, PIPELINED).build());
        assertThat(factory.unsupportedReason(graph)).hasValue("restart-individual restarts one task alone, so it only"
                + " works for jobs whose tasks exchange no data; this job has edges (e.g. src#0 writes to sink#0)");
    }

    @Test
    void rejectsBlockingEdgesToo() {
        // a blocking input could be read again, but a restarted producer would still duplicate its output
        ExecutionGraph graph = ExecutionGraph.build(JobGraph.builder("j").vertex("a", "x", 1).vertex("b", "x", 1)
                .connect("a", "b", FORWARD, BLOCKING).build());
        assertThat(factory.unsupportedReason(graph)).hasValueSatisfying(
                reason -> assertThat(reason).endsWith("(e.g. a#0 writes to b#0)"));
    }
}
