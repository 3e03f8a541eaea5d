package io.sluice.benchmarks.cluster;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.SlotStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sluice's side of benchmarks/cluster-vs-flink.sh: a master and workers as separate processes of the distribution,
 * driven over the network as a client would. Modes: {@code chain100}, {@code failover}, {@code idle}; see
 * benchmarks/README.md ("A cluster of processes"). Flink's twin is benchmarks/flink's FlinkClusterBenchmark.
 */
public final class SluiceClusterBenchmark {
    static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(120); // every wait ends, one way or the other
    private final Options options;

    private SluiceClusterBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        SluiceClusterBenchmark benchmark = new SluiceClusterBenchmark(options);
        switch (options.mode()) {
            case "chain100" -> benchmark.chain100();
            case "failover" -> benchmark.failover();
            case "idle" -> benchmark.idle();
            default -> throw new IllegalArgumentException("mode must be chain100, failover or idle: " + options.mode());
        }
        System.exit(0); // the client's Netty threads must not keep the driver alive
    }

    /** chain100 submitted to a running cluster of 2 workers x 2 slots, until all 100 tasks are RUNNING. */
    private void chain100() throws Exception {
        Figures figures = new Figures("sluice", "chain100", "ms");
        try (SluiceProcessCluster cluster = startCluster(Map.of())) {
            for (int run = 0; run < options.warmup() + options.runs(); run++) {
                JobGraph job = chain100Job(); // compiled untimed, as Flink's JobGraph is
                long start = System.nanoTime();
                JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
                awaitRunning(cluster, id, 100, 0, options.pollMicros() * 1000L);
                double millis = (System.nanoTime() - start) / 1e6;
                if (run >= options.warmup()) {
                    figures.add(millis);
                }
                cancel(cluster, id);
                awaitFreeSlots(cluster, 4);
            }
        }
        figures.printSummary();
    }

    /** kill -9 of the worker running an endless job of 2 tasks, until both run again on the other worker. */
    private void failover() throws Exception {
        Figures figures = new Figures("sluice", "failover-" + options.heartbeat(), "ms");
        for (int run = 0; run < options.runs(); run++) {
            try (SluiceProcessCluster cluster = startCluster(heartbeatConf())) {
                JobId id = cluster.dispatcher().submitJob(endlessJob()).get(30, TimeUnit.SECONDS);
                awaitRunning(cluster, id, 2, 0, 1_000_000L);
                Thread.sleep(2000); // the job runs a while before its worker dies
                String victim = workerOf(cluster.status(), id);
                long start = System.nanoTime();
                cluster.kill(victim);
                awaitRunning(cluster, id, 2, 1, 1_000_000L);
                figures.add((System.nanoTime() - start) / 1e6);
                String survivor = workerOf(cluster.status(), id);
                if (survivor.equals(victim)) {
                    throw new IllegalStateException("the job's slots are still on the killed " + victim);
                }
            }
        }
        figures.printSummary();
    }

    /** Start-up of an idle master, then of a worker until its slots are visible, and their resident memory. */
    private void idle() throws Exception {
        Figures masterStart = new Figures("sluice", "master-start", "ms");
        Figures workerStart = new Figures("sluice", "worker-start", "ms");
        Figures masterRss = new Figures("sluice", "master-rss", "MiB");
        Figures workerRss = new Figures("sluice", "worker-rss", "MiB");
        for (int run = 0; run < options.runs(); run++) {
            try (SluiceProcessCluster cluster = SluiceProcessCluster.create(options.dist(), options.work(), Map.of())) {
                cluster.statusOrNull(); // refused: warms this client's connect path, as Flink's side warms its HTTP
                long start = System.nanoTime();
                long master = cluster.startMaster();
                awaitSlots(cluster, 0, 5_000_000L);
                masterStart.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                long worker = cluster.startWorker("w1", 2);
                awaitSlots(cluster, 2, 5_000_000L);
                workerStart.add((System.nanoTime() - start) / 1e6);
                Thread.sleep(options.idleMillis());
                masterRss.add(ProcStats.residentKib(master) / 1024.0);
                workerRss.add(ProcStats.residentKib(worker) / 1024.0);
            }
        }
        masterStart.printSummary();
        workerStart.printSummary();
        masterRss.printSummary();
        workerRss.printSummary();
    }

    private SluiceProcessCluster startCluster(Map<String, String> conf) throws Exception {
        SluiceProcessCluster cluster = SluiceProcessCluster.create(options.dist(), options.work(), conf);
        try {
            cluster.startMaster();
            awaitSlots(cluster, 0, 10_000_000L);
            cluster.startWorker("w1", 2);
            cluster.startWorker("w2", 2);
            awaitSlots(cluster, 4, 10_000_000L);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The heartbeat files of the master and the workers. */
    private Map<String, String> heartbeatConf() {
        Map<String, String> conf = new HashMap<>();
        if (options.heartbeat().equals("fast")) {
            String heartbeat = "heartbeat.interval = 1s\nheartbeat.timeout = 5s\n";
            conf.put("io.sluice.resourcemanager.cfg", heartbeat);
            conf.put("io.sluice.jobmaster.cfg", heartbeat);
            conf.put("io.sluice.worker.cfg", heartbeat);
        }
        return conf;
    }

    private JobGraph chain100Job() throws Exception {
        String json = Files.readString(options.examples().resolve("chain100.json"), StandardCharsets.UTF_8);
        String endless = json.replace("\"to\": 100000}", "\"to\": 9000000000000000000}"); // RUNNING until cancelled
        if (endless.equals(json)) {
            throw new IllegalStateException("examples/chain100.json has no source bound \"to\": 100000 to replace");
        }
        return JobCompiler.compile(JobFiles.parse(endless, "chain100.json"), null);
    }

    /** An endless sequence → discard, parallelism 2, chained into one vertex; restarts at once (as on Flink's side). */
    private static JobGraph endlessJob() {
        return JobCompiler.compile(JobFiles.parse("""
                {"name": "endless", "config": {"failover": "region",
                  "restart": {"strategy": "fixed-delay", "attempts": 100, "delay": "0ms"}},
                 "operators": [
                   {"id": "numbers", "type": "sequence-source", "parallelism": 2,
                    "params": {"from": 1, "to": 9000000000000000000}},
                   {"id": "out", "type": "discard-sink", "parallelism": 2}],
                 "edges": [{"from": "numbers", "to": "out", "partitioner": "forward", "exchange": "pipelined"}]}
                """, "endless.json"), null);
    }

    /** Polls the Dispatcher every {@code pollNanos} until {@code tasks} run after at least {@code restarts}. */
    private static void awaitRunning(SluiceProcessCluster cluster, JobId id, int tasks, int restarts, long pollNanos)
            throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        JobDetails details = null;
        while (System.nanoTime() < deadline) {
            details = cluster.dispatcher().requestJob(id).get(10, TimeUnit.SECONDS);
            if (details.restarts() >= restarts && details.tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == tasks) {
                return;
            }
            if (details.status().isGloballyTerminal()) {
                break;
            }
            LockSupport.parkNanos(pollNanos);
        }
        throw new IllegalStateException("job " + id + " not " + tasks + " tasks RUNNING: " + details + "\n"
                + cluster.masterLog());
    }

    private static void awaitSlots(SluiceProcessCluster cluster, int slots, long pollNanos) {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            ClusterStatus status = cluster.statusOrNull();
            if (status != null && status.totalSlots() >= slots) {
                return;
            }
            LockSupport.parkNanos(pollNanos);
        }
        throw new IllegalStateException("the master has not " + slots + " slots\n" + cluster.masterLog());
    }

    private static void awaitFreeSlots(SluiceProcessCluster cluster, int slots) throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            long free = cluster.status().workers().stream().flatMap(w -> w.slots().stream()).filter(SlotStatus::isFree)
                    .count();
            if (free >= slots) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("slots not free after the job ended\n" + cluster.masterLog());
    }

    private static void cancel(SluiceProcessCluster cluster, JobId id) throws Exception {
        cluster.dispatcher().cancelJob(id).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                JobStatus status = cluster.dispatcher().requestJobResult(id).get(30, TimeUnit.SECONDS).status();
                if (status != JobStatus.CANCELED) {
                    throw new IllegalStateException("job " + id + " ended " + status);
                }
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RpcException)) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("job " + id + " not cancelled");
    }

    /** The worker (its --id) whose slot serves the job. */
    private static String workerOf(ClusterStatus status, JobId job) {
        for (ClusterStatus.Worker worker : status.workers()) {
            for (SlotStatus slot : worker.slots()) {
                if (job.equals(slot.job())) {
                    return worker.id().value();
                }
            }
        }
        throw new IllegalStateException("no slot serves " + job + ": " + status);
    }

    /** MODE [--runs N] [--warmup N] [--heartbeat default|fast] [--idle-ms N] [--poll-us N] [--dist D] .... */
    record Options(String mode, int runs, int warmup, String heartbeat, long idleMillis, long pollMicros, Path dist,
            Path examples, Path work) {
        static Options parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("usage: SluiceClusterBenchmark chain100|failover|idle [--runs N] "
                        + "[--warmup N] [--heartbeat default|fast] [--idle-ms N] [--poll-us N] [--dist DIR] [--examples DIR] "
                        + "[--work DIR]");
            }
            Map<String, String> values = new HashMap<>(Map.of("--runs", "5", "--warmup", "3", "--heartbeat", "default",
                    "--idle-ms", "10000", "--poll-us", "1000", "--dist", "distribution/target/sluice", "--examples", "examples",
                    "--work", "benchmarks/target/cluster-work"));
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
                    Path.of(values.get("--dist")).toAbsolutePath(),
                    Path.of(values.get("--examples")).toAbsolutePath(), Path.of(values.get("--work")).toAbsolutePath());
        }
    }
}
