package io.sluice.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsHandlerTest {
    private static final ClusterStatus EMPTY = new ClusterStatus(List.of(), List.of());

    private static JobDetails job(String id, JobStatus status, Map<JobStatus, Long> timestamps, int decisions) {
        return new JobDetails(new JobId(id), "j", status, Map.of(ExecutionState.RUNNING, 1), List.of(), 1_000, 0,
                decisions, null, List.of(), timestamps, decisions == 0 ? List.of()
                        : List.of(new JobDetails.StrategyDecisions("region", "1.0.0", decisions, decisions * 1_000_000L)));
    }

    private static String text(MetricsHandler metrics, List<JobDetails> jobs, long now) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.snapshots(EMPTY, jobs, now), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void decisionCountersKeepCountingWhenAJobLeavesTheArchive() throws Exception {
        MetricsHandler metrics = new MetricsHandler(null, () -> 0);
        Map<JobStatus, Long> at = Map.of(JobStatus.RUNNING, 1_000L);
        assertThat(text(metrics, List.of(job("a", JobStatus.RUNNING, at, 2)), 5_000))
                .contains("sluice_failover_decisions_total{strategy=\"region\",version=\"1.0.0\"} 2.0");
        assertThat(text(metrics, List.of(job("a", JobStatus.RUNNING, at, 3), job("b", JobStatus.RUNNING, at, 1)), 5_000))
                .contains("sluice_failover_decisions_total{strategy=\"region\",version=\"1.0.0\"} 4.0")
                .contains("sluice_failover_decision_seconds_total{strategy=\"region\",version=\"1.0.0\"} 0.004");
        assertThat(text(metrics, List.of(), 5_000)) // both archived jobs expired
                .contains("sluice_failover_decisions_total{strategy=\"region\",version=\"1.0.0\"} 4.0");
    }

    @Test
    void uptimeDowntimeAndRestartingTimeFollowFlinksDefinitions() {
        Map<JobStatus, Long> restarted = Map.of(JobStatus.CREATED, 1_000L, JobStatus.RESTARTING, 2_000L,
                JobStatus.RUNNING, 2_500L);
        assertThat(MetricsHandler.times(job("a", JobStatus.RUNNING, restarted, 1), 4_000)).containsExactly(1_500, 0, 500);
        assertThat(MetricsHandler.times(job("a", JobStatus.RESTARTING, Map.of(JobStatus.RUNNING, 1_100L,
                JobStatus.RESTARTING, 3_000L), 1), 4_000)).containsExactly(0, 1_000, 1_000);
        assertThat(MetricsHandler.times(job("a", JobStatus.RUNNING, Map.of(JobStatus.RUNNING, 1_100L), 0), 4_000))
                .containsExactly(2_900, 0, 0);
    }
}
