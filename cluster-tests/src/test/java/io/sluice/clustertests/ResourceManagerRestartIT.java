package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.api.slot.SlotId;
import io.sluice.clustertests.stopper.ResourceManagerStopper;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.SlotStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ResourceManager bundle of a running master stopped and started again, as an operator restarting that
 * component would: the jobs' tasks keep running untouched, the workers report their slots to the new
 * ResourceManager at once (not after a heartbeat timeout), a JobMaster still waiting for a slot asks again under
 * the same request, and no slot is given to two requests.
 */
class ResourceManagerRestartIT {
    /** Well under the default heartbeat.timeout (50 s): only the endpoint watch can make workers this quick. */
    private static final Duration RE_REGISTERED = Duration.ofSeconds(20);
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runningTasksKeepRunningSlotsAreReportedAgainAndNoSlotIsAllocatedTwice() throws Exception {
        cluster = LocalCluster.create("rm-restart");
        cluster.startMaster();
        cluster.startWorker("w1", 2);
        cluster.startWorker("w2", 2);
        long to = 300_000_000L; // 10 to 20 s of work in one slot: it runs through the restart
        Path out = cluster.home().resolve("out/sums");
        JobId sums = cluster.dispatcher().submitJob(ClusterJobs.sums(to, out)).get(30, TimeUnit.SECONDS);
        awaitRunning(sums, 2);
        JobId wide = cluster.dispatcher().submitJob(ClusterJobs.endless(3)).get(30, TimeUnit.SECONDS);
        awaitRunning(wide, 3);
        // the cluster is full: this job's one request waits at the ResourceManager
        JobId waiting = cluster.dispatcher().submitJob(ClusterJobs.endless(1)).get(30, TimeUnit.SECONDS);
        await("the third job's request pending").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.clusterStatus().pending().size() == 1);
        ClusterStatus before = cluster.clusterStatus();
        AllocationId request = before.pending().get(0).allocation();
        assertThat(before.pending().get(0).job()).isEqualTo(waiting);
        Map<SlotId, AllocationId> allocated = allocations(before);
        assertThat(allocated).hasSize(4);

        Path deploy = cluster.home().resolve("deploy/stop-resourcemanager.jar");
        Path jar = stopperBundle(cluster.home());
        Files.move(jar, deploy, StandardCopyOption.ATOMIC_MOVE);
        await("the ResourceManager stopped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !cluster.masterAnswers());
        Files.delete(deploy);
        await("a new ResourceManager").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(cluster::masterAnswers);

        await("both workers with their slots as they were, the request pending again")
                .atMost(RE_REGISTERED).pollInterval(Duration.ofMillis(100)).until(() -> {
                    ClusterStatus now = cluster.clusterStatus();
                    Map<SlotId, AllocationId> reported = allocations(now);
                    boolean sumsStillThere = cluster.job(sums).status() == JobStatus.FINISHED
                            || reported.size() == 4;
                    allocated.forEach((slot, allocation) -> {
                        if (reported.containsKey(slot)) {
                            assertThat(reported.get(slot)).as("slot %s", slot).isEqualTo(allocation);
                        }
                    });
                    return now.workers().size() == 2 && sumsStillThere && reported.size() >= 3
                            && now.pending().stream().anyMatch(p -> p.allocation().equals(request));
                });
        for (JobId job : List.of(sums, wide)) {
            JobDetails details = cluster.job(job);
            assertThat(details.restarts()).as("restarts of %s", job).isZero();
        }
        assertThat(cluster.job(wide).tasksPerState().get(ExecutionState.RUNNING)).isEqualTo(3);

        // the waiting job gets a slot of the one that ends, and only that slot
        cluster.dispatcher().cancelJob(wide).get(30, TimeUnit.SECONDS);
        awaitRunning(waiting, 1);
        ClusterStatus after = cluster.clusterStatus();
        assertThat(after.pending()).isEmpty();
        Map<SlotId, AllocationId> now = allocations(after);
        assertThat(now).containsValue(request);
        SlotId granted = now.entrySet().stream().filter(e -> e.getValue().equals(request)).findFirst().orElseThrow()
                .getKey();
        assertThat(isOf(before, allocated.get(granted), wide)).as("%s served the cancelled job before", granted)
                .isTrue();

        JobDetails result = cluster.awaitResult(sums, Duration.ofSeconds(120));
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restarts()).isZero();
        assertThat(ClusterJobs.readCounts(out)).isEqualTo(ClusterJobs.expectedSums(to));
        cluster.dispatcher().cancelJob(waiting).get(30, TimeUnit.SECONDS);
        assertThat(cluster.awaitResult(waiting, Duration.ofSeconds(60)).restarts()).isZero();
        assertThat(cluster.log("w1") + cluster.log("w2") + cluster.log("master")).doesNotContain("already serves");
    }

    private void awaitRunning(JobId job, int tasks) {
        await("job " + job + " running").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.job(job).tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == tasks);
    }

    private static Map<SlotId, AllocationId> allocations(ClusterStatus status) {
        Map<SlotId, AllocationId> allocations = new HashMap<>();
        for (ClusterStatus.Worker worker : status.workers()) {
            for (SlotStatus slot : worker.slots()) {
                if (!slot.isFree()) {
                    allocations.put(slot.slotId(), slot.allocation());
                }
            }
        }
        return allocations;
    }

    private static boolean isOf(ClusterStatus status, AllocationId allocation, JobId job) {
        return status.workers().stream().flatMap(w -> w.slots().stream())
                .anyMatch(s -> allocation.equals(s.allocation()) && job.equals(s.job()));
    }

    /**
     * The stopper's class in a bundle jar, written beside {@code deploy/} and moved in by the caller, so that
     * FileInstall never sees half a jar.
     */
    private static Path stopperBundle(Path home) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.sluice.clustertests.stopper");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", ResourceManagerStopper.class.getName());
        main.putValue("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"");
        String entry = ResourceManagerStopper.class.getName().replace('.', '/') + ".class";
        Path jar = Files.createTempFile(home, "stopper", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream type = ResourceManagerStopper.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            type.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
