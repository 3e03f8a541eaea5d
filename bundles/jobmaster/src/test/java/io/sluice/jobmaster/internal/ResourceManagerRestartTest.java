package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.SlotStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The ResourceManager stopped and a new one started (its bundle restarted) while jobs hold slots and wait for
 * more: what the new one learns, how fast, and that nothing is served twice.
 */
class ResourceManagerRestartTest {

    private static ClusterStatus status(TestCluster cluster) {
        CompletableFuture<ClusterStatus> status = new CompletableFuture<>();
        cluster.resourceManager.mainThread().execute(() -> cluster.resourceManager.requestClusterStatus()
                .thenAccept(status::complete));
        cluster.scheduler.runAll();
        return status.join();
    }

    private static List<AllocationId> allocated(ClusterStatus status) {
        return status.workers().stream().flatMap(w -> w.slots().stream()).filter(s -> !s.isFree())
                .map(SlotStatus::allocation).toList();
    }

    @Test
    void workersReportTheirSlotsWithinASecondAndAWaitingRequestIsSentAgainUnderItsOwnId() {
        TestCluster cluster = new TestCluster(false);
        cluster.addWorker("w1", 2);
        JobMaster holder = cluster.addJob("holder");
        List<PhysicalSlot> held = cluster.onJobMaster(holder, () -> List.of(
                holder.slotPool().allocateSlot(TestCluster.SLOT, null),
                holder.slotPool().allocateSlot(TestCluster.SLOT, null))).stream().map(CompletableFuture::join).toList();
        JobMaster waiter = cluster.addJob("waiter");
        CompletableFuture<PhysicalSlot> waiting = cluster.onJobMaster(waiter,
                () -> waiter.slotPool().allocateSlot(TestCluster.SLOT, null));
        assertThat(waiting).isNotDone();
        AllocationId request = status(cluster).pending().get(0).allocation();

        cluster.restartResourceManager();
        assertThat(status(cluster).workers()).isEmpty();
        cluster.scheduler.advance(Duration.ofSeconds(1)); // registration retries, against a heartbeat timeout of 50 s

        ClusterStatus after = status(cluster);
        assertThat(after.workers()).extracting(ClusterStatus.Worker::id).containsExactly(new WorkerId("w1"));
        assertThat(allocated(after)).containsExactlyInAnyOrderElementsOf(
                held.stream().map(PhysicalSlot::allocation).toList());
        assertThat(after.pending()).extracting(ClusterStatus.PendingRequest::allocation).containsExactly(request);

        // the holder ends: one of its slots serves the waiting request, under the request's id
        cluster.onJobMaster(holder, () -> {
            holder.slotPool().stop("job ended");
            return null;
        });
        assertThat(waiting).isCompleted();
        assertThat(waiting.join().allocation()).isEqualTo(request);
        assertThat(held.stream().map(slot -> slot.slot())).contains(waiting.join().slot());
        ClusterStatus end = status(cluster);
        assertThat(allocated(end)).containsExactly(request);
        assertThat(end.pending()).isEmpty();
        assertThat(cluster.lostSlots).isEmpty();
    }

    @Test
    void aWorkerStartedForTheOldResourceManagerIsReleasedByTheNewOneOnceIdle() {
        TestCluster cluster = new TestCluster(true);
        JobMaster job = cluster.addJob("job");
        PhysicalSlot slot = cluster.onJobMaster(job, () -> job.slotPool().allocateSlot(TestCluster.SLOT, null)).join();
        cluster.restartResourceManager();
        cluster.scheduler.advance(Duration.ofSeconds(1));
        assertThat(status(cluster).workers()).hasSize(1);

        cluster.onJobMaster(job, () -> {
            job.slotPool().stop("job ended");
            return null;
        });
        cluster.scheduler.advance(Duration.ofSeconds(30)); // resourcemanager.worker-idle-timeout
        assertThat(cluster.provider.stopped).containsExactly(slot.slot().worker());
        assertThat(cluster.provider.started.get()).isEqualTo(1);
    }
}
