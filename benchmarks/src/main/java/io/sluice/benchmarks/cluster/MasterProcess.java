package io.sluice.benchmarks.cluster;

import io.sluice.benchmarks.ChildProcess;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.transport.ClusterSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real master ({@code bin/sluice master}) of a private copy of the distribution, as the cluster tests start one:
 * its own folder under the benchmark's work folder, its own free port and secret, the given heartbeat settings in
 * its {@code conf/io.sluice.resourcemanager.cfg}. {@code bin/sluice} execs the JVM, so the pid is the master's.
 */
final class MasterProcess implements AutoCloseable {
    private final Path home;
    private final int port;
    private final ChildProcess process;

    private MasterProcess(Path home, int port, ChildProcess process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** Copies the distribution, configures the heartbeats and starts the master; does not wait for it. */
    static MasterProcess start(Path distribution, Path work, HeartbeatSettings heartbeat) throws IOException {
        if (!Files.isRegularFile(distribution.resolve("bin/sluice"))) {
            throw new IllegalArgumentException(distribution + " holds no distribution (build it: mvn -q install"
                    + " -DskipTests -pl distribution -am)");
        }
        Path home = work.resolve("master-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        DistributionCopy.create(distribution, home);
        Files.deleteIfExists(home.resolve("conf/cluster.secret"));
        Files.writeString(home.resolve("conf/io.sluice.resourcemanager.cfg"), "heartbeat.interval = "
                + heartbeat.interval().toMillis() + "ms\nheartbeat.timeout = " + heartbeat.timeout().toMillis() + "ms\n");
        Path logs = Files.createDirectories(home.resolve("logs"));
        int port = DistributionCopy.freePort();
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/sluice").toString(), "master", "--port",
                Integer.toString(port)).redirectOutput(logs.resolve("master.out").toFile())
                .redirectError(logs.resolve("master.err").toFile());
        builder.environment().put("SLUICE_LOG_DIR", logs.toString());
        return new MasterProcess(home, port, ChildProcess.start("master", builder));
    }


    /** The secret the master writes at its start (one write of 65 bytes), once it is there, bounded by {@code timeout}. */
    ClusterSecret awaitSecret(Duration timeout) throws Exception {
        Path file = home.resolve("conf/cluster.secret");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file) || Files.size(file) == 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the master wrote no " + file + " (alive: " + process.isAlive()
                        + "); see " + home.resolve("logs"));
            }
            Thread.sleep(100);
        }
        return ClusterSecret.read(file);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path home() {
        return home;
    }

    /** The master's log file. */
    Path log() {
        return home.resolve("logs/master/sluice.log");
    }

    @Override
    public void close() {
        process.close();
    }
}
