package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker that stops answering while its task runs, with its sockets open, so that only heartbeats can tell:
 * frozen with SIGSTOP (a long GC pause, a suspended VM), or cut off from the master by a TCP proxy that stops
 * forwarding (a network path gone dark). Shorter than heartbeat.timeout it is no failure; longer, the job fails
 * over to the other worker, and once the outage ends the stale attempt is cancelled and writes nothing.
 */
class WorkerOutageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(6);
    private LocalCluster cluster;
    private TcpProxy proxy;

    /** How a worker is made unreachable, and how it comes back. */
    enum Outage {
        FROZEN, CUT_OFF
    }

    /** A master and workers w1 and w2 of one slot each, with 1 s / 6 s heartbeats everywhere. */
    private void startCluster(Outage outage, String test) throws Exception {
        cluster = LocalCluster.create(test + "-" + outage.name().toLowerCase(java.util.Locale.ROOT));
        cluster.heartbeats("1s", TIMEOUT.toSeconds() + "s");
        if (outage == Outage.CUT_OFF) {
            // everyone reaches the master through the proxy: it listens on the bind port, hands out the proxy's
            int bindPort = LocalCluster.freePort();
            cluster.configure("io.sluice.transport.cfg", "master.rpc.bind-port = " + bindPort + "\n");
            proxy = new TcpProxy(cluster.port(), bindPort);
            proxy.label("client");
        }
        cluster.startMaster();
        for (String worker : List.of("w1", "w2")) {
            if (proxy != null) {
                proxy.label(worker);
            }
            cluster.startWorker(worker, 1);
        }
        if (proxy != null) {
            proxy.label("late");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void anOutageOfHalfTheHeartbeatTimeoutIsNoFailure(Outage outage) throws Exception {
        startCluster(outage, "half-timeout");
        JobId id = cluster.dispatcher().submitJob(ClusterJobs.endless()).get(30, TimeUnit.SECONDS);
        awaitRunning(id, 1);
        String worker = cluster.workerOf(id);
        String name = cluster.nameOf(worker);

        begin(outage, name);
        sleepUntil(System.nanoTime() + TIMEOUT.dividedBy(2).toNanos()); // the outage's length is the experiment
        end(outage, name);

        // no failover, not even late: the job stays where it was for two more timeouts
        await("the job untouched").during(TIMEOUT.multipliedBy(2)).atMost(TIMEOUT.multipliedBy(3))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    JobDetails job = cluster.job(id);
                    return job.status() == JobStatus.RUNNING && job.restarts() == 0
                            && job.tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == 1
                            && cluster.workerOf(id).equals(worker);
                });
        assertThat(cluster.clusterStatus().workers()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void anOutageOfTwiceTheHeartbeatTimeoutFailsOverAndTheStaleAttemptWritesNothing(Outage outage)
            throws Exception {
        startCluster(outage, "twice-timeout");
        long to = 300_000_000L; // about 10 s of work on one slot: the stale attempt is far from its end
        Path out = cluster.home().resolve("out/sums");
        JobId id = cluster.dispatcher().submitJob(ClusterJobs.sums(to, out)).get(30, TimeUnit.SECONDS);
        awaitRunning(id, 2);
        String lost = cluster.workerOf(id);
        String name = cluster.nameOf(lost);

        begin(outage, name);
        long began = System.nanoTime();
        await("the job running again on the other worker").atMost(TIMEOUT.multipliedBy(2))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    JobDetails job = cluster.job(id);
                    return job.restarts() == 1 && job.tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == 2
                            && !cluster.workerOf(id).equals(lost);
                });
        sleepUntil(began + TIMEOUT.multipliedBy(2).toNanos());
        end(outage, name);

        JobDetails result = cluster.awaitResult(id, Duration.ofSeconds(120));
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isEqualTo(1);
        assertThat(result.failures().get(0).cause().message()).contains(lost).contains("no heartbeat");
        List<FileTime> committed = modified(out);
        // the worker hears that its slot is gone and frees it; its attempt ends without a commit
        await("the worker back, its slot free").atMost(TIMEOUT.multipliedBy(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    ClusterStatus.Worker worker = cluster.clusterStatus().workers().stream()
                            .filter(w -> w.id().value().equals(lost)).findFirst().orElse(null);
                    return worker != null && worker.slots().get(0).isFree();
                });
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(ClusterJobs.expectedSums(to));
        assertThat(modified(out)).as("output rewritten after the job finished").isEqualTo(committed);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("part-0");
        }
    }

    private void begin(Outage outage, String name) throws Exception {
        if (outage == Outage.FROZEN) {
            cluster.freeze(name);
        } else {
            proxy.cut(name);
        }
    }

    private void end(Outage outage, String name) throws Exception {
        if (outage == Outage.FROZEN) {
            cluster.thaw(name);
        } else {
            proxy.heal(name);
        }
    }

    private void awaitRunning(JobId id, int tasks) {
        await("every task RUNNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.job(id).tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == tasks);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static List<FileTime> modified(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().map(file -> {
                try {
                    return Files.getLastModifiedTime(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
