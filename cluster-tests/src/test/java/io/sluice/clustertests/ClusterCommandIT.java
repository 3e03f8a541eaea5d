package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code sluice cluster start} and {@code stop}: background processes with pid files, stopped by their pids. */
class ClusterCommandIT {
    private LocalCluster cluster;
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws Exception {
        for (long pid : started) { // only if the test failed before stop: the processes this test started
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        cluster.close();
    }

    private List<Long> pids() throws Exception {
        List<Long> pids = new ArrayList<>();
        Path run = cluster.home().resolve("run");
        if (Files.isDirectory(run)) {
            try (Stream<Path> files = Files.list(run)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    pids.add(Long.parseLong(Files.readString(file).trim()));
                }
            }
        }
        return pids;
    }

    @Test
    void startRunsAMasterAndWorkersInTheBackgroundAndStopEndsExactlyThem() throws Exception {
        cluster = LocalCluster.create("commands");
        String port = Integer.toString(cluster.port());

        LocalCluster.Run start = cluster.run("cluster", "start", "--workers", "2", "--slots", "1", "--port", port);
        started.addAll(pids());
        assertThat(start.status()).as(start.output()).isZero();
        assertThat(start.output()).contains("master    pid ", "RPC localhost:" + port, "worker-1  pid ", "worker-2  pid ");
        assertThat(started).hasSize(3).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(cluster.clusterStatus().totalSlots()).isEqualTo(2);
        Path secret = cluster.home().resolve("conf/cluster.secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");

        LocalCluster.Run again = cluster.run("cluster", "start", "--port", port);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.output()).contains("is running already", "sluice cluster stop");
        assertThat(pids()).containsExactlyInAnyOrderElementsOf(started);

        LocalCluster.Run stop = cluster.run("cluster", "stop");
        assertThat(stop.status()).as(stop.output()).isZero();
        assertThat(stop.output().lines().filter(line -> line.startsWith("stopped ")).count()).isEqualTo(3);
        for (long pid : started) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            assertThat(process.map(ProcessHandle::isAlive).orElse(false)).as("pid %s", pid).isFalse();
        }
        assertThat(stop.output()).doesNotContain("SIGKILL");
        assertThat(pids()).isEmpty();
        assertThat(cluster.run("cluster", "stop").output()).contains("no cluster of");
    }

    @Test
    void badArgumentsAreRefusedWithTheUsageAndStartNothing() throws Exception {
        cluster = LocalCluster.create("usage");
        for (String[] args : List.of(new String[] {"cluster", "start", "--workers", "many"},
                new String[] {"cluster", "start", "--slots", "0"}, new String[] {"cluster", "start", "--bogus"},
                new String[] {"cluster", "restart"}, new String[] {"worker", "--master", "nohost"},
                new String[] {"worker", "--master", "localhost:1", "--slots", "-2"},
                new String[] {"master", "--port", "70000"})) {
            LocalCluster.Run run = cluster.run(args);
            assertThat(run.status()).as(String.join(" ", args) + ": " + run.output()).isEqualTo(2);
            assertThat(run.output()).as(String.join(" ", args)).containsPattern("sluice (cluster|worker|master)|Usage");
        }
        assertThat(pids()).isEmpty();
    }
}
