package io.sluice.rest.internal;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics} in the Prometheus text format, read from the Dispatcher and the ResourceManager at each scrape.
 * Names follow Flink's metrics as its Prometheus reporter writes them ({@code flink_jobmanager_job_numRestarts}
 * becomes {@code sluice_jobmanager_job_numRestarts}); per-job series exist while the job runs, as Flink's do. The
 * failover decision counters are sums over every job seen: a job's own counts are added as they grow, so they
 * stay when the job leaves the Dispatcher's archive.
 */
final class MetricsHandler {
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final Backend backend;
    private final LongSupplier clock;
    /** Per job and strategy: the decisions and nanoseconds counted so far. Guarded by this. */
    private final Map<JobId, Map<List<String>, long[]>> seen = new HashMap<>();
    /** Per strategy and version: decisions and nanoseconds of every job seen. Guarded by this. */
    private final Map<List<String>, long[]> totals = new LinkedHashMap<>();

    MetricsHandler(Backend backend, LongSupplier clock) {
        this.backend = backend;
        this.clock = clock;
    }

    Route route() {
        return new Route("GET", "/metrics", "Metrics in the Prometheus text format: the cluster's workers, slots, "
                + "pending slot requests and jobs by state; per running job its restarts, uptime, downtime, "
                + "restarting time and tasks per state, and per job vertex the records in and out; per failover "
                + "strategy the restart sets it chose and the time it took (docs/metrics.md).", Map.of(), null,
                "`text/plain; version=0.0.4` (the Prometheus text format)", false, this::scrape);
    }

    private CompletableFuture<RestReply> scrape(RestRequest request) {
        DispatcherGateway dispatcher = backend.dispatcher();
        ResourceManagerGateway resourceManager = backend.resourceManager();
        if (dispatcher == null || resourceManager == null) {
            throw Backend.unavailable(dispatcher == null ? "Dispatcher" : "ResourceManager");
        }
        return resourceManager.requestClusterStatus().thenCombine(dispatcher.listJobs(), (cluster, jobs) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            try {
                WRITER.write(out, snapshots(cluster, jobs, clock.getAsLong()), EscapingScheme.UNDERSCORE_ESCAPING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return RestReply.ok(new RestReply.Raw(PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray()));
        });
    }

    synchronized MetricSnapshots snapshots(ClusterStatus cluster, List<JobDetails> jobs, long now) {
        List<MetricSnapshot> metrics = new ArrayList<>();
        int free = cluster.freeSlots();
        metrics.add(gauge("sluice_jobmanager_numRegisteredTaskManagers", "Workers registered at the ResourceManager.",
                cluster.workers().size()));
        metrics.add(gauge("sluice_jobmanager_taskSlotsTotal", "Slots of every registered worker.", cluster.totalSlots()));
        metrics.add(gauge("sluice_jobmanager_taskSlotsAvailable", "Free slots.", free));
        metrics.add(gauge("sluice_jobmanager_taskSlotsAllocated", "Slots allocated to a job.", cluster.totalSlots() - free));
        metrics.add(gauge("sluice_jobmanager_numPendingSlotRequests", "Slot requests waiting for a slot.",
                cluster.pending().size()));
        Map<JobStatus, Integer> byState = new EnumMap<>(JobStatus.class);
        jobs.forEach(job -> byState.merge(job.status(), 1, Integer::sum));
        metrics.add(gauge("sluice_jobmanager_numRunningJobs", "Jobs that have not ended.", jobs.stream()
                .filter(job -> !job.status().isGloballyTerminal()).count()));
        GaugeSnapshot.Builder jobsByState = GaugeSnapshot.builder().name("sluice_jobmanager_jobs")
                .help("Jobs the Dispatcher knows, by state (ended ones while archived).");
        for (JobStatus status : JobStatus.values()) {
            jobsByState.dataPoint(point(byState.getOrDefault(status, 0), Labels.of("state", status.name())));
        }
        metrics.add(jobsByState.build());
        metrics.addAll(jobMetrics(jobs, now));
        metrics.addAll(decisionMetrics(jobs));
        return new MetricSnapshots(metrics);
    }

    private static List<MetricSnapshot> jobMetrics(List<JobDetails> jobs, long now) {
        GaugeSnapshot.Builder restarts = GaugeSnapshot.builder().name("sluice_jobmanager_job_numRestarts")
                .help("Restarts of the job since it was submitted.");
        GaugeSnapshot.Builder uptime = GaugeSnapshot.builder().name("sluice_jobmanager_job_uptime")
                .help("Milliseconds the job has been running since its last (re)start; 0 while it is not running.");
        GaugeSnapshot.Builder downtime = GaugeSnapshot.builder().name("sluice_jobmanager_job_downtime")
                .help("Milliseconds the job has been failing or restarting, for the current outage; else 0.");
        GaugeSnapshot.Builder restarting = GaugeSnapshot.builder().name("sluice_jobmanager_job_restartingTime")
                .help("Milliseconds of the current restart, or of the last one when the job runs again.");
        GaugeSnapshot.Builder tasks = GaugeSnapshot.builder().name("sluice_jobmanager_job_tasks")
                .help("Tasks of the job per execution state.");
        GaugeSnapshot.Builder recordsIn = GaugeSnapshot.builder().name("sluice_jobmanager_job_vertex_numRecordsIn")
                .help("Records the job vertex's tasks read (of their current attempts).");
        GaugeSnapshot.Builder recordsOut = GaugeSnapshot.builder().name("sluice_jobmanager_job_vertex_numRecordsOut")
                .help("Records the job vertex's tasks wrote (of their current attempts).");
        for (JobDetails job : jobs) {
            if (job.status().isGloballyTerminal()) {
                continue; // like Flink's, a job's series go when it ends
            }
            Labels labels = Labels.of("job_id", job.job().value(), "job_name", job.name());
            restarts.dataPoint(point(job.restarts(), labels));
            long[] times = times(job, now);
            uptime.dataPoint(point(times[0], labels));
            downtime.dataPoint(point(times[1], labels));
            restarting.dataPoint(point(times[2], labels));
            for (ExecutionState state : ExecutionState.values()) {
                tasks.dataPoint(point(job.tasksPerState().getOrDefault(state, 0), labels.add("state", state.name())));
            }
            for (JobDetails.VertexDetails vertex : job.vertices()) {
                Labels vertexLabels = labels.add("vertex", vertex.id());
                recordsIn.dataPoint(point(vertex.recordsIn(), vertexLabels));
                recordsOut.dataPoint(point(vertex.recordsOut(), vertexLabels));
            }
        }
        return List.of(restarts.build(), uptime.build(), downtime.build(), restarting.build(), tasks.build(),
                recordsIn.build(), recordsOut.build());
    }

    /** Uptime, downtime and restarting time of a job that has not ended, in milliseconds, as Flink defines them. */
    static long[] times(JobDetails job, long now) {
        Map<JobStatus, Long> at = job.timestamps();
        long running = at.getOrDefault(JobStatus.RUNNING, 0L);
        long restart = at.getOrDefault(JobStatus.RESTARTING, 0L);
        return switch (job.status()) {
            case RUNNING -> new long[] {now - running, 0, restart == 0 ? 0 : Math.max(0, running - restart)};
            case RESTARTING -> new long[] {0, now - restart, now - restart};
            case FAILING -> new long[] {0, now - at.getOrDefault(JobStatus.FAILING, now), 0};
            default -> new long[] {0, 0, 0};
        };
    }

    private List<MetricSnapshot> decisionMetrics(List<JobDetails> jobs) {
        Map<JobId, Map<List<String>, long[]>> stillKnown = new HashMap<>();
        for (JobDetails job : jobs) {
            Map<List<String>, long[]> before = seen.getOrDefault(job.job(), Map.of());
            Map<List<String>, long[]> now = new HashMap<>();
            for (JobDetails.StrategyDecisions decisions : job.decisions()) {
                List<String> key = List.of(decisions.strategy(), decisions.version());
                long[] counted = before.getOrDefault(key, new long[2]);
                long[] total = totals.computeIfAbsent(key, k -> new long[2]);
                total[0] += Math.max(0, decisions.count() - counted[0]);
                total[1] += Math.max(0, decisions.nanos() - counted[1]);
                now.put(key, new long[] {decisions.count(), decisions.nanos()});
            }
            stillKnown.put(job.job(), now);
        }
        seen.clear();
        seen.putAll(stillKnown); // jobs gone from the archive are forgotten; their counts stay in the totals
        CounterSnapshot.Builder count = CounterSnapshot.builder().name("sluice_failover_decisions")
                .help("Restart sets the failover strategy chose, over every job.");
        CounterSnapshot.Builder seconds = CounterSnapshot.builder().name("sluice_failover_decision_seconds")
                .help("Seconds the failover strategy took to choose its restart sets, over every job.");
        totals.forEach((key, total) -> {
            Labels labels = Labels.of("strategy", key.get(0), "version", key.get(1));
            count.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(total[0]).labels(labels).build());
            seconds.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(total[1] / 1e9).labels(labels).build());
        });
        return List.of(count.build(), seconds.build());
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(point(value, Labels.EMPTY)).build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
