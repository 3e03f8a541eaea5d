package io.sluice.clustertests;

import static org.awaitility.Awaitility.await;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.SlotStatus;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A master and workers of a private copy of the distribution, each a real JVM started by {@code bin/sluice} on
 * loopback, and a network client of them. Every process it started is stopped by its pid when it closes: SIGTERM,
 * then SIGKILL after a grace period.
 */
final class LocalCluster implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(15);
    private final Path home;
    private final int port;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private NettyRpcService client;

    private LocalCluster(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** A copy of the distribution under {@code sluice.it.work/name}, nothing started yet. */
    static LocalCluster create(String name) throws IOException {
        Path dist = Path.of(System.getProperty("sluice.dist.dir"));
        Path home = Path.of(System.getProperty("sluice.it.work")).resolve(name + "-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        for (String folder : List.of("bin", "bundle", "conf", "deploy")) {
            copy(dist.resolve(folder), home.resolve(folder));
        }
        Files.deleteIfExists(home.resolve("conf/cluster.secret"));
        return new LocalCluster(home, freePort());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Path home() {
        return home;
    }

    int port() {
        return port;
    }

    /** Writes {@code conf/<file>} of this copy, for processes started after it. */
    void configure(String file, String properties) throws IOException {
        Files.writeString(home.resolve("conf").resolve(file), properties, StandardCharsets.UTF_8);
    }

    /** Heartbeats of {@code interval}/{@code timeout} on the master and every worker, as an operator sets them. */
    void heartbeats(String interval, String timeout) throws IOException {
        String heartbeat = "heartbeat.interval = " + interval + "\nheartbeat.timeout = " + timeout + "\n";
        for (String file : List.of("io.sluice.resourcemanager.cfg", "io.sluice.jobmaster.cfg", "io.sluice.worker.cfg")) {
            configure(file, heartbeat);
        }
    }

    /** Runs {@code bin/sluice args...} to its end (at most 2 minutes): exit status and output. */
    Run run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    /** The same with {@code environment} added to the command's environment. */
    Run run(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/sluice").toString()));
        command.addAll(List.of(args));
        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        Path out = Files.createTempFile(home, "run", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("SLUICE_LOG_DIR", logs.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sluice " + String.join(" ", args) + " did not end within 2 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), out);
    }

    /** @param outputFile where the output was kept, under the distribution copy */
    record Run(int status, String output, Path outputFile) {
    }

    /** Starts the master and waits (bounded) until its RPC port answers and the secret exists. */
    void startMaster() throws Exception {
        start("master", "master", "--port", Integer.toString(port));
        await("the master's RPC port").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(home.resolve("conf/cluster.secret")) && masterAnswers());
    }

    /** Starts a worker of {@code slots} slots and waits (bounded) until the ResourceManager has its slots. */
    void startWorker(String name, int slots) throws Exception {
        int before = clusterStatus().totalSlots();
        start(name, "worker", "--master", "localhost:" + port, "--slots", Integer.toString(slots));
        await(name + " registered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> clusterStatus().totalSlots() >= before + slots);
    }

    private void start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/sluice").toString()));
        command.addAll(List.of(args));
        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        builder.environment().put("SLUICE_LOG_DIR", logs.toString());
        // bin/sluice execs the JVM: this process is the master or worker itself
        processes.put(name, builder.start());
    }

    /** Whether the master's ResourceManager answers now. */
    boolean masterAnswers() {
        try {
            clusterStatus();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The network client, authenticated with the cluster's secret. */
    NettyRpcService client() throws IOException {
        if (client == null) {
            client = new NettyRpcService(TransportSettings.loopback(ClusterSecret.read(home.resolve("conf/cluster.secret"))),
                    warning -> { });
        }
        return client;
    }

    DispatcherGateway dispatcher() throws IOException {
        return client().connect(new RpcAddress("localhost", port, "dispatcher", null), DispatcherGateway.class);
    }

    ClusterStatus clusterStatus() {
        try {
            RpcAddress resourceManager = client().connect(new RpcAddress("localhost", port, LeaderRetrievalGateway.RESOURCE_MANAGER,
                    null), LeaderRetrievalGateway.class).requestLeaderAddress().get(5, TimeUnit.SECONDS);
            return client().connect(resourceManager, ResourceManagerGateway.class).requestClusterStatus()
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no cluster status from the master: " + e, e);
        }
    }

    /** The job's result once it ended, asking again while it runs longer than rpc.ask-timeout; bounded. */
    JobDetails awaitResult(JobId job, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return dispatcher().requestJobResult(job).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RpcException)) {
                    throw e;
                }
            }
        }
        throw new AssertionError("job " + job + " did not end within " + bound + "\n" + log("master"));
    }

    /** The job's details now. */
    JobDetails job(JobId job) throws Exception {
        return dispatcher().requestJob(job).get(10, TimeUnit.SECONDS);
    }

    /** The id of the worker whose slot serves the job. */
    String workerOf(JobId job) {
        ClusterStatus status = clusterStatus();
        for (ClusterStatus.Worker worker : status.workers()) {
            for (SlotStatus slot : worker.slots()) {
                if (job.equals(slot.job())) {
                    return worker.id().value();
                }
            }
        }
        throw new AssertionError("no slot serves " + job + ": " + status);
    }

    /** The name this cluster started the process of worker {@code id} with. */
    String nameOf(String workerId) {
        for (Map.Entry<String, Process> process : processes.entrySet()) {
            if (workerId.endsWith("-" + process.getValue().pid())) {
                return process.getKey();
            }
        }
        throw new AssertionError("no process of this cluster is worker " + workerId);
    }

    /** examples/wordcount.json compiled as the CLI compiles it, reading the example's text, writing to {@code out}. */
    static JobGraph wordCount(Path out) throws IOException {
        Path examples = Path.of(System.getProperty("sluice.examples.dir"));
        return JobCompiler.compile(JobFiles.parse(Files.readString(examples.resolve("wordcount.json"))
                .replace("data/hamlet.txt", examples.resolve("data/hamlet.txt").toString())
                .replace("out/wordcount", out.toString()), "wordcount.json"), null);
    }

    /** JVMs of this distribution copy still alive, found by their arguments (to observe, never to stop them). */
    List<ProcessHandle> jvms() {
        String argument = "-Dsluice.home=" + home;
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> List.of(args).contains(argument)).orElse(false)).toList();
    }

    long pid(String name) {
        return processes.get(name).pid();
    }

    /**
     * SIGSTOP, to all of them in one {@code kill}: each process stands still, its sockets stay open; the kernel keeps
     * what peers send it.
     */
    void freeze(String... names) throws Exception {
        signal("STOP", Stream.of(names).mapToLong(this::pid).toArray());
    }

    /** SIGCONT after {@link #freeze}. */
    void thaw(String... names) throws Exception {
        signal("CONT", Stream.of(names).mapToLong(this::pid).toArray());
    }

    private static void signal(String signal, long... pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        for (long pid : pids) {
            command.add(Long.toString(pid));
        }
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** kill -9: the process ends without a word to anyone. */
    void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroyForcibly();
        process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
    }

    /** The log of a process: what it printed and its log file. */
    String log(String name) {
        try (Stream<Path> files = Files.walk(home.resolve("logs"))) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().contains(name))
                    .map(f -> f + ":\n" + read(f)).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops every process this cluster started: SIGTERM, then SIGKILL after the grace period. */
    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        for (Process process : processes.values()) {
            try {
                signal("CONT", process.pid()); // a frozen process would take SIGTERM only once it runs again
            } catch (IllegalStateException ended) {
                // it is gone already
            }
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        }
        processes.clear();
    }
}
