package io.sluice.benchmarks.cluster;

import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A master and workers of a private, fresh copy of the distribution (bin, bundle, conf, deploy), each a JVM that
 * {@code bin/sluice} execs, so the {@link Process} is the JVM itself; a network client authenticated with the copy's
 * cluster secret. {@link #close()} stops exactly the processes it started, by pid: SIGTERM, SIGKILL after 15 s.
 */
final class SluiceProcessCluster implements AutoCloseable {
    private static final long GRACE_SECONDS = 15;
    private final Path home;
    private final int port;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final NettyRpcService client;

    private SluiceProcessCluster(Path home, int port, NettyRpcService client) {
        this.home = home;
        this.port = port;
        this.client = client;
    }

    /**
     * Copies the distribution to a new folder under {@code work}, writes {@code conf} files (name → content) over
     * the copy's, and creates the cluster secret before any process starts, as {@code sluice cluster start} does.
     */
    static SluiceProcessCluster create(Path dist, Path work, Map<String, String> conf) throws IOException {
        Path home = work.resolve("sluice-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        DistributionCopy.create(dist, home);
        for (Map.Entry<String, String> file : conf.entrySet()) {
            Files.writeString(home.resolve("conf").resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        ClusterSecret secret = ClusterSecret.generateInto(home.resolve("conf/cluster.secret"));
        NettyRpcService client = new NettyRpcService(TransportSettings.loopback(secret), warning -> { });
        return new SluiceProcessCluster(home, DistributionCopy.freePort(), client);
    }


    /** Starts {@code sluice master --port P}; returns at once with the JVM's pid. */
    long startMaster() throws IOException {
        return start("master", "master", "--port", Integer.toString(port));
    }

    /** Starts {@code sluice worker --id NAME}; the id names the worker at the master. */
    long startWorker(String name, int slots) throws IOException {
        return start(name, "worker", "--master", "localhost:" + port, "--slots", Integer.toString(slots), "--id", name);
    }

    private long start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/sluice").toString()));
        command.addAll(List.of(args));
        Path logs = Files.createDirectories(home.resolve("logs"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".out").toFile());
        builder.environment().put("SLUICE_LOG_DIR", logs.toString());
        Process process = builder.start();
        processes.put(name, process);
        return process.pid();
    }

    long pid(String name) {
        return processes.get(name).pid();
    }

    DispatcherGateway dispatcher() {
        return client.connect(new RpcAddress("localhost", port, "dispatcher", null), DispatcherGateway.class);
    }

    /** What the ResourceManager knows, through its leader endpoint; throws while the master does not answer. */
    ClusterStatus status() throws Exception {
        RpcAddress resourceManager = client.connect(new RpcAddress("localhost", port, LeaderRetrievalGateway.RESOURCE_MANAGER, null),
                LeaderRetrievalGateway.class).requestLeaderAddress().get(5, TimeUnit.SECONDS);
        return client.connect(resourceManager, ResourceManagerGateway.class).requestClusterStatus()
                .get(5, TimeUnit.SECONDS);
    }

    /** The status, or null while the master does not answer yet. */
    ClusterStatus statusOrNull() {
        try {
            return status();
        } catch (Exception notYet) {
            return null;
        }
    }

    /** kill -9 of one started process, by its pid; waits (bounded) until it is gone. */
    void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroyForcibly();
        process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** The master's log, for errors. */
    String masterLog() {
        try {
            return Files.readString(home.resolve("logs/master/sluice.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        // SIGTERM to each, then SIGKILL to those still alive after the grace period
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        processes.clear();
    }
}
