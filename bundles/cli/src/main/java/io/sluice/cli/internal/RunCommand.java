package io.sluice.cli.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.registry.StrategyKind;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobFailure;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice run FILE}: a cluster of {@code --workers} TaskExecutors with {@code --slots} slots each in this
 * JVM (standalone: no more workers are started), or with {@code --per-job} a cluster of processes started for the
 * job, the job submitted to it, progress while it runs, and a summary at the end. A job file that does not compile is reported before anything starts. Exit status 0 only when
 * the job FINISHED.
 */
@Command(name = "run", description = "Run a job on an embedded cluster in this JVM and show its progress.")
final class RunCommand implements Callable<Integer> {
    /** The resource provider of a run: it starts no workers beyond those the run configures. */
    private static final String STANDALONE = "standalone";
    /** How long a configuration change may take to reach its component; ConfigAdmin usually needs milliseconds. */
    static final long CONFIG_WAIT_MILLIS = 5_000;

    @CommandLine.Mixin
    private JobInput input;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "TaskExecutors to start (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--slots", paramLabel = "S", defaultValue = "2", description = "Slots per TaskExecutor (default:"
            + " ${DEFAULT-VALUE}; with --per-job the slots the job takes, so that one worker holds it).")
    private int slots;

    @Option(names = "--per-job", description = "Run the job on a cluster of processes started for it: a master and"
            + " as many workers of --slots slots as the job needs; all of it is stopped when the job ends.")
    private boolean perJob;

    @Option(names = "--progress-interval", paramLabel = "MS", defaultValue = "1000", hidden = true)
    private long progressMillis;

    private final SluiceCommand.Platform platform;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    RunCommand(SluiceCommand.Platform platform) {
        this.platform = platform;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (workers < 1 || slots < 1) {
            err.println("sluice run: --workers and --slots must be >= 1 (got " + workers + " and " + slots + ")");
            return ExitCode.INVALID_INPUT;
        }
        JobGraph job;
        try {
            job = input.load(platform.operators(), service(JobMasterFactory.class).checks()).graph();
        } catch (IllegalArgumentException e) {
            err.println("sluice run: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        if (perJob) {
            java.nio.file.Path home = java.nio.file.Path.of(platform.context().getProperty("sluice.home"));
            String conf = platform.context().getProperty("sluice.conf");
            // by default one worker holds the whole job: its tasks exchange data inside that worker
            int workerSlots = spec.commandLine().getParseResult().hasMatchedOption("--slots") ? slots : slotsNeeded(job);
            try (PerJobCluster cluster = PerJobCluster.start(home, conf == null ? home.resolve("conf")
                    : java.nio.file.Path.of(conf), job.name(), workerSlots)) {
                out.printf("Per-job cluster of '%s' started (its configuration, data and logs: %s)%n", job.name(),
                        cluster.folder());
                return execute(cluster.dispatcher(), job, "on workers of " + workerSlots + " slots started for it");
            }
        }
        DispatcherGateway dispatcher = service(DispatcherGateway.class);
        if (!startWorkers(err)) {
            return ExitCode.INVALID_INPUT;
        }
        awaitWorkers(service(ResourceManagerGateway.class));
        return execute(dispatcher, job, "on " + workers + " workers x " + slots + " slots");
    }

    /** The slots the job takes: per slot sharing group, its highest parallelism. */
    static int slotsNeeded(JobGraph job) {
        java.util.Map<io.sluice.api.job.SlotSharingGroup, Integer> groups = new java.util.HashMap<>();
        for (JobVertex vertex : job.vertices()) {
            groups.merge(vertex.slotSharingGroup(), vertex.parallelism(), Math::max);
        }
        return groups.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Submits the job, prints its progress while it runs and the summary; the exit status is the job's. */
    private int execute(DispatcherGateway dispatcher, JobGraph job, String where) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        JobId id;
        try {
            id = dispatcher.submitJob(job).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RpcException) { // no answer: the dispatcher stopped or is stuck, not the job
                throw new ClusterUnavailableException("the dispatcher did not take the job: " + e.getCause().getMessage()
                        + "; see logs/sluice.log");
            }
            if (!(e.getCause() instanceof IllegalArgumentException)) {
                throw e;
            }
            err.println("sluice run: " + e.getCause().getMessage());
            return ExitCode.INVALID_INPUT;
        }
        out.printf("Job '%s' (%s) submitted: %d tasks %s%n", job.name(), id, job.taskCount(), where);
        out.flush();
        // the result answers within rpc.ask-timeout or fails: ask again until the job has ended
        var result = dispatcher.requestJobResult(id);
        String last = "";
        JobDetails details = null;
        while (details == null) {
            try {
                details = result.get(progressMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                JobDetails now;
                try {
                    now = dispatcher.requestJob(id).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof RpcException)) {
                        throw e;
                    }
                    continue; // a progress line missed; the job result, asked for again above, decides the run
                }
                String line = progress(now, System.nanoTime() - started);
                if (!line.equals(last)) {
                    out.println(line);
                    out.flush();
                    last = line;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof RpcException)) {
                    throw e;
                }
                result = dispatcher.requestJobResult(id);
            }
        }
        summary(out, job, details, System.nanoTime() - started);
        out.flush();
        return details.status() == JobStatus.FINISHED ? ExitCode.OK : ExitCode.JOB_FAILED;
    }

    /**
     * Standalone workers: the cluster is exactly what the user asked for. False, with the reason printed, when the
     * switch to the standalone resource provider did not take effect.
     */
    private boolean startWorkers(PrintWriter err) throws Exception {
        ConfigurationAdmin configAdmin = service(ConfigurationAdmin.class);
        Configuration registry = configAdmin.getConfiguration("io.sluice.registry", "?");
        Dictionary<String, Object> defaults = registry.getProperties() == null ? new Hashtable<>() : registry.getProperties();
        defaults.put(StrategyKind.RESOURCE_PROVIDER.configKey(), STANDALONE);
        registry.update(defaults);
        // the registry rejects a file with a mistake whole and keeps its defaults: the run's workers would then
        // come from the embedded provider, which also starts and stops workers of its own
        if (!awaitDefault(StrategyKind.RESOURCE_PROVIDER, STANDALONE)) {
            err.println("sluice run: conf/io.sluice.registry.cfg is rejected (logs/sluice.log says why), so "
                    + StrategyKind.RESOURCE_PROVIDER.configKey() + " is still '"
                    + platform.registry().defaultName(StrategyKind.RESOURCE_PROVIDER) + "' instead of '" + STANDALONE
                    + "'; correct the file");
            return false;
        }
        for (int i = 1; i <= workers; i++) {
            Configuration worker = configAdmin.getFactoryConfiguration(ResourceProvider.TASK_EXECUTOR_FACTORY_PID,
                    "worker-" + i, "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(ResourceProvider.SLOTS_PROPERTY, slots);
            worker.update(properties);
        }
        return true;
    }

    /** Whether the registry's default of the kind is {@code name}, waiting up to {@link #CONFIG_WAIT_MILLIS}. */
    private boolean awaitDefault(StrategyKind<?> kind, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONFIG_WAIT_MILLIS);
        while (!name.equals(platform.registry().defaultName(kind))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void awaitWorkers(ResourceManagerGateway resourceManager) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SluiceCommand.SERVICE_WAIT_MILLIS);
        while (resourceManager.requestClusterStatus().get().workers().size() < workers) {
            if (System.nanoTime() > deadline) {
                throw new ClusterUnavailableException(workers + " workers did not register within "
                        + SluiceCommand.SERVICE_WAIT_MILLIS + " ms; see logs/sluice.log");
            }
            Thread.sleep(10);
        }
    }

    private <S> S service(Class<S> type) {
        return platform.service(type);
    }

    static String progress(JobDetails details, long elapsedNanos) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%6.1fs] %-9s tasks:",
                elapsedNanos / 1e9, details.status()));
        details.tasksPerState().forEach((state, count) -> line.append(' ').append(count).append(' ')
                .append(state.name().toLowerCase(Locale.ROOT)));
        for (JobDetails.VertexDetails vertex : details.vertices()) {
            line.append(" | ").append(vertex.id()).append(": ");
            if (vertex.recordsIn() > 0) {
                line.append("in ").append(count(vertex.recordsIn())).append(' ');
            }
            line.append("out ").append(count(vertex.recordsOut()));
        }
        return line.toString();
    }

    private static void summary(PrintWriter out, JobGraph job, JobDetails details, long elapsedNanos) {
        out.printf(Locale.ROOT, "Job '%s' %s in %.2f s, %d restarts%n", details.name(), details.status(),
                elapsedNanos / 1e9, details.restarts());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VERTEX", "PARALLELISM", "RECORDS IN", "RECORDS OUT", "TASKS"});
        for (JobDetails.VertexDetails vertex : details.vertices()) {
            StringBuilder tasks = new StringBuilder();
            vertex.tasksPerState().forEach((state, count) -> tasks.append(tasks.isEmpty() ? "" : ", ").append(count)
                    .append(' ').append(state.name().toLowerCase(Locale.ROOT)));
            rows.add(new String[] {vertex.id(), Integer.toString(vertex.parallelism()), count(vertex.recordsIn()),
                    count(vertex.recordsOut()), tasks.toString()});
        }
        out.print(Tables.render(rows));
        if (!details.failures().isEmpty()) {
            out.printf("Failures (%d):%n", details.failures().size());
            for (JobFailure failure : details.failures()) {
                out.printf(Locale.ROOT, "  %s  %s%s: %s%n", java.time.Instant.ofEpochMilli(failure.timestampMillis()),
                        failure.task(), failure.worker() == null ? "" : " on " + failure.worker(),
                        failure.cause().summary());
                out.println(failure.strategy() == null ? "      no restart left"
                        : "      " + failure.strategy() + " " + failure.strategyVersion() + " restarted "
                                + failure.restarted().size() + " tasks: " + String.join(", ", failure.restarted()));
            }
        }
        if (details.failure() != null) {
            out.println("Cause: " + details.failure().summary() + " (its stack trace is in logs/sluice.log)");
        }
        for (JobVertex vertex : details.status() == JobStatus.FINISHED ? job.vertices() : List.<JobVertex>of()) {
            for (OperatorSpec operator : vertex.operators()) {
                if (operator.type().equals("file-sink")) {
                    out.printf("Output of '%s': %s (one part-N file per subtask)%n", operator.id(),
                            operator.params().get("path"));
                } else if (operator.type().equals("print-sink")) {
                    out.printf("Output of '%s': printed above%n", operator.id());
                }
            }
        }
        if (details.tasksPerState().containsKey(ExecutionState.FAILED) && details.failure() == null) {
            out.println("Some tasks failed; see logs/sluice.log");
        }
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
