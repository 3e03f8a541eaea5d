package io.sluice.cli.internal;

import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cluster of {@code sluice run --per-job}: a master process of this distribution that starts its workers with
 * the {@code process} resource provider, all of it in one folder under {@code data/per-job/} (configuration,
 * secret, data, logs). Closing it stops the master, which stops its workers: nothing outlives the run but that
 * folder.
 */
final class PerJobCluster implements AutoCloseable {
    private static final long START_MILLIS = 60_000;
    private static final long STOP_SECONDS = 40; // the master stops each of its workers within 15 s
    private final Path folder;
    private final Process master;
    private final NettyRpcService client;
    private final int port;
    private final Thread shutdownHook;

    private PerJobCluster(Path folder, Process master, NettyRpcService client, int port) {
        this.folder = folder;
        this.master = master;
        this.client = client;
        this.port = port;
        // Ctrl-C or SIGTERM of the run stops the cluster too
        this.shutdownHook = new Thread(this::stopMaster, "sluice-per-job-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the master with workers of {@code slots} slots; returns once its ResourceManager answers. */
    static PerJobCluster start(Path home, Path conf, String jobName, int slots) throws IOException,
            InterruptedException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = home.resolve("data/per-job").resolve(safe(jobName) + "-" + stamp + "-"
                + ProcessHandle.current().pid());
        Path ownConf = folder.resolve("conf");
        Files.createDirectories(ownConf);
        try (Stream<Path> files = Files.list(conf)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                // the embedded platform's own workers are not this cluster's
                if (name.endsWith(".cfg") && !name.startsWith("io.sluice.taskexecutor-")) {
                    Files.copy(file, ownConf.resolve(name));
                }
            }
        }
        set(ownConf.resolve("io.sluice.registry.cfg"), "resource-provider", "process");
        set(ownConf.resolve("io.sluice.resourcemanager.cfg"), "taskexecutor.slots", Integer.toString(slots));
        ClusterSecret secret = ClusterSecret.generateInto(ownConf.resolve("cluster.secret"));
        int port = freePort();
        Path logs = folder.resolve("logs");
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/sluice").toString(), "master",
                "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(logs.resolve("master.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("SLUICE_CONF_DIR", ownConf.toString());
        builder.environment().put("SLUICE_DATA_DIR", folder.resolve("data").toString());
        builder.environment().put("SLUICE_LOG_DIR", logs.toString());
        Process master = builder.start();
        NettyRpcService client = new NettyRpcService(TransportSettings.loopback(secret), warning -> { });
        PerJobCluster cluster = new PerJobCluster(folder, master, client, port);
        try {
            cluster.awaitMaster();
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void awaitMaster() throws IOException, InterruptedException {
        LeaderRetrievalGateway leader = client.connect(new RpcAddress("localhost", port, LeaderRetrievalGateway.RESOURCE_MANAGER,
                null), LeaderRetrievalGateway.class);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (true) {
            if (!master.isAlive()) {
                throw new ClusterUnavailableException("the per-job master ended at start-up with status "
                        + master.exitValue() + "; see " + folder.resolve("logs"));
            }
            try {
                leader.requestLeaderAddress().get(2, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new ClusterUnavailableException("the per-job master did not answer within "
                            + START_MILLIS / 1000 + " s; see " + folder.resolve("logs"));
                }
                Thread.sleep(100);
            }
        }
    }

    DispatcherGateway dispatcher() {
        return client.connect(new RpcAddress("localhost", port, "dispatcher", null), DispatcherGateway.class);
    }

    /** The folder with the cluster's configuration, data and logs. */
    Path folder() {
        return folder;
    }

    /** Stops the master (SIGTERM; SIGKILL if it has not ended in time), which stops its workers. */
    @Override
    public void close() {
        client.close();
        stopMaster();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }

    private void stopMaster() {
        if (!master.isAlive()) {
            return;
        }
        master.destroy();
        try {
            if (!master.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                master.destroyForcibly();
                master.descendants().forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            master.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Sets {@code key} in a .cfg file, replacing its line or adding one. */
    private static void set(Path cfg, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(cfg)) {
            for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (!(trimmed.startsWith(key + " ") || trimmed.startsWith(key + "=") || trimmed.startsWith(key + ":"))) {
                    lines.add(line);
                }
            }
        }
        lines.add(key + " = " + value);
        Files.write(cfg, lines, StandardCharsets.UTF_8);
    }

    private static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
