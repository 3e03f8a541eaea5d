package io.sluice.anchors.flink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobVertexDetailsHeaders;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.SubtaskExecutionAttemptDetailsInfo;

/**
 * Flink's side of benchmarks/cluster-vs-flink.sh, the twin of Sluice's SluiceClusterBenchmark: a standalone session
 * cluster of processes (FlinkProcessCluster), driven through Flink's REST API with its RestClusterClient, as Flink's
 * users do. Modes: {@code chain100}, {@code failover}, {@code idle}; see benchmarks/README.md.
 */
public final class FlinkClusterBenchmark {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(180); // every wait ends, one way or the other
    private static final Pattern SLOTS_TOTAL = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)");
    private final Options options;

    private FlinkClusterBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        FlinkClusterBenchmark benchmark = new FlinkClusterBenchmark(options);
        switch (options.mode()) {
            case "chain100" -> benchmark.chain100();
            case "failover" -> benchmark.failover();
            case "idle" -> benchmark.idle();
            default -> throw new IllegalArgumentException("mode must be chain100, failover or idle: " + options.mode());
        }
        System.exit(0);
    }

    /** chain100 submitted over REST to a running cluster of 2 TaskManagers x 2 slots until all 100 tasks RUN. */
    private void chain100() throws Exception {
        ClusterFigures figures = new ClusterFigures("flink", "chain100", "ms");
        try (FlinkProcessCluster cluster = startCluster(baseConf());
                RestClusterClient<StandaloneClusterId> client = client(cluster)) {
            for (int run = 0; run < options.warmup() + options.runs(); run++) {
                JobGraph job = FlinkJobs.chain100(); // compiled untimed, as Sluice's JobGraph is
                long start = System.nanoTime();
                JobID id = client.submitJob(job).get(60, TimeUnit.SECONDS);
                awaitTasksRunning(client, id, 100, options.pollMicros() * 1000L);
                double millis = (System.nanoTime() - start) / 1e6;
                if (run >= options.warmup()) {
                    figures.add(millis);
                }
                cancel(client, id);
                awaitSlotsAvailable(client, 4);
            }
        }
        figures.printSummary();
    }

    /** kill -9 of the TaskManager running an endless job of 2 tasks, until both run again on the other one. */
    private void failover() throws Exception {
        ClusterFigures figures = new ClusterFigures("flink", "failover-" + options.heartbeat(), "ms");
        Map<String, String> conf = baseConf();
        if (options.heartbeat().equals("fast")) {
            conf.put("heartbeat.interval", "1 s");
            conf.put("heartbeat.timeout", "5 s");
        }
        for (int run = 0; run < options.runs(); run++) {
            try (FlinkProcessCluster cluster = startCluster(conf);
                    RestClusterClient<StandaloneClusterId> client = client(cluster)) {
                JobGraph job = FlinkJobs.endless();
                JobVertexID vertex = job.getVertices().iterator().next().getID();
                JobID id = client.submitJob(job).get(60, TimeUnit.SECONDS);
                awaitTasksRunning(client, id, 2, 1_000_000L); // /jobs/:id/vertices/:vid is 404 while the job initialises
                Thread.sleep(2000); // the job runs a while before its TaskManager dies
                String victim = subtasks(client, id, vertex).get(0).getTaskmanagerId();
                long start = System.nanoTime();
                cluster.kill(victim);
                awaitSubtasksRunning(client, id, vertex, victim);
                figures.add((System.nanoTime() - start) / 1e6);
            }
        }
        figures.printSummary();
    }

    /** Start-up of an idle JobManager, then of a TaskManager until its slots are visible; resident memory. */
    private void idle() throws Exception {
        ClusterFigures masterStart = new ClusterFigures("flink", "master-start", "ms");
        ClusterFigures workerStart = new ClusterFigures("flink", "worker-start", "ms");
        ClusterFigures masterRss = new ClusterFigures("flink", "master-rss", "MiB");
        ClusterFigures workerRss = new ClusterFigures("flink", "worker-rss", "MiB");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int run = 0; run < options.runs(); run++) {
            try (FlinkProcessCluster cluster = FlinkProcessCluster.create(options.project(), options.work(), baseConf())) {
                List<List<String>> jm = cluster.resourceParams("GET_JM_RESOURCE_PARAMS");
                List<List<String>> tm = cluster.resourceParams("GET_TM_RESOURCE_PARAMS");
                probe(http, cluster); // refused: warms this client's HTTP path, as Sluice's side warms its RPC
                long start = System.nanoTime();
                long master = cluster.startJobManager(jm);
                awaitOverviewSlots(http, cluster, 0);
                masterStart.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                long worker = cluster.startTaskManager("tm-1", tm);
                awaitOverviewSlots(http, cluster, 2);
                workerStart.add((System.nanoTime() - start) / 1e6);
                Thread.sleep(options.idleMillis());
                masterRss.add(FlinkProcessCluster.residentKib(master) / 1024.0);
                workerRss.add(FlinkProcessCluster.residentKib(worker) / 1024.0);
            }
        }
        masterStart.printSummary();
        workerStart.printSummary();
        masterRss.printSummary();
        workerRss.printSummary();
    }

    /** Options every mode shares: REST sees the current graph, and a failed task restarts at once, as Sluice's. */
    private static Map<String, String> baseConf() {
        Map<String, String> conf = new HashMap<>();
        // the REST handlers' ExecutionGraph cache lives web.refresh-interval (3 s by default): at 1 ms every poll
        // sees the JobMaster's current state, as Sluice's requestJob does
        conf.put("web.refresh-interval", "1 ms");
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "100");
        conf.put("restart-strategy.fixed-delay.delay", "0 ms");
        return conf;
    }

    private FlinkProcessCluster startCluster(Map<String, String> conf) throws Exception {
        FlinkProcessCluster cluster = FlinkProcessCluster.create(options.project(), options.work(), conf);
        try {
            List<List<String>> tm = cluster.resourceParams("GET_TM_RESOURCE_PARAMS");
            cluster.startJobManager(cluster.resourceParams("GET_JM_RESOURCE_PARAMS"));
            cluster.startTaskManager("tm-1", tm);
            cluster.startTaskManager("tm-2", tm);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitOverviewSlots(http, cluster, 4);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static RestClusterClient<StandaloneClusterId> client(FlinkProcessCluster cluster) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.ADDRESS, "localhost");
        configuration.set(RestOptions.PORT, cluster.restPort());
        return new RestClusterClient<>(configuration, StandaloneClusterId.getInstance());
    }

    /** GET /overview every 5 ms (plain HTTP: the RestClusterClient waits 3 s between retries) until N slots. */
    private static void awaitOverviewSlots(HttpClient http, FlinkProcessCluster cluster, int slots) {
        URI overview = URI.create("http://localhost:" + cluster.restPort() + "/overview");
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(overview)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher total = SLOTS_TOTAL.matcher(response.body());
                if (response.statusCode() == 200 && total.find() && Integer.parseInt(total.group(1)) >= slots) {
                    return;
                }
            } catch (Exception notYet) {
                // the REST port is not open yet
            }
            LockSupport.parkNanos(5_000_000L);
        }
        throw new IllegalStateException("Flink has not " + slots + " slots\n" + cluster.jobManagerLog());
    }

    private static void probe(HttpClient http, FlinkProcessCluster cluster) {
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + cluster.restPort() + "/overview")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception expected) {
            // nothing listens yet
        }
    }

    /** GET /jobs/:id every {@code pollNanos} until {@code tasks} tasks are RUNNING. */
    private static void awaitTasksRunning(RestClusterClient<?> client, JobID id, int tasks, long pollNanos)
            throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            JobDetailsInfo details = client.getJobDetails(id).get(30, TimeUnit.SECONDS);
            int running = 0;
            for (JobDetailsInfo.JobVertexDetailsInfo vertex : details.getJobVertexInfos()) {
                running += vertex.getTasksPerState().getOrDefault(ExecutionState.RUNNING, 0);
            }
            if (running == tasks) {
                return;
            }
            if (details.getJobStatus().isGloballyTerminalState()) {
                break;
            }
            LockSupport.parkNanos(pollNanos);
        }
        throw new IllegalStateException("job " + id + " not " + tasks + " tasks RUNNING");
    }

    /** GET /jobs/:id/vertices/:vid every millisecond until every subtask RUNs on a TaskManager other than one. */
    private static void awaitSubtasksRunning(RestClusterClient<?> client, JobID id, JobVertexID vertex, String not)
            throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (SubtaskExecutionAttemptDetailsInfo subtask : subtasks(client, id, vertex)) {
                all &= subtask.getStatus() == ExecutionState.RUNNING && !java.util.Objects.equals(subtask.getTaskmanagerId(), not);
            }
            if (all) {
                return;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        throw new IllegalStateException("job " + id + ": subtasks not RUNNING away from " + not);
    }

    private static List<SubtaskExecutionAttemptDetailsInfo> subtasks(RestClusterClient<?> client, JobID id,
            JobVertexID vertex) throws Exception {
        JobVertexMessageParameters parameters = JobVertexDetailsHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(id);
        parameters.jobVertexIdPathParameter.resolve(vertex);
        return client.sendRequest(JobVertexDetailsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance())
                .get(30, TimeUnit.SECONDS).getSubtasks();
    }

    private static void cancel(RestClusterClient<?> client, JobID id) throws Exception {
        client.cancel(id).get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            JobStatus status = client.getJobStatus(id).get(30, TimeUnit.SECONDS);
            if (status == JobStatus.CANCELED) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("job " + id + " ended " + status);
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("job " + id + " not cancelled");
    }

    private static void awaitSlotsAvailable(RestClusterClient<?> client, int slots) throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            if (client.getClusterOverview().get(30, TimeUnit.SECONDS).getNumSlotsAvailable() >= slots) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("slots not free after the job ended");
    }

    /** MODE [--runs N] [--warmup N] [--heartbeat default|fast] [--idle-ms N] [--poll-us N] [--project D] [--work D]. */
    record Options(String mode, int runs, int warmup, String heartbeat, long idleMillis, long pollMicros, Path project,
            Path work) {
        static Options parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("usage: FlinkClusterBenchmark chain100|failover|idle [--runs N] "
                        + "[--warmup N] [--heartbeat default|fast] [--idle-ms N] [--poll-us N] [--project DIR] [--work DIR]");
            }
            Map<String, String> values = new HashMap<>(Map.of("--runs", "5", "--warmup", "3", "--heartbeat", "default",
                    "--idle-ms", "10000", "--poll-us", "1000", "--project", "benchmarks/flink",
                    "--work", "benchmarks/flink/target/cluster-work"));
            for (int i = 1; i < args.length; i += 2) {
                if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
                }
                values.put(args[i], args[i + 1]);
            }
            String heartbeat = values.get("--heartbeat");
            if (!heartbeat.equals("default") && !heartbeat.equals("fast")) {
                throw new IllegalArgumentException("--heartbeat must be default or fast: " + heartbeat);
            }
            return new Options(args[0], Integer.parseInt(values.get("--runs")), Integer.parseInt(values.get("--warmup")),
                    heartbeat, Long.parseLong(values.get("--idle-ms")), Long.parseLong(values.get("--poll-us")),
                    Path.of(values.get("--project")).toAbsolutePath(),
                    Path.of(values.get("--work")).toAbsolutePath());
        }
    }
}
