package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.slot.WorkerId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** An active resource provider starts workers when nothing fits and stops them once idle. */
class ActiveProviderTest {
    private final TestCluster cluster = new TestCluster(true);

    @Test
    void aWorkerIsStartedForAPendingRequestAndStoppedAfterBeingIdle() {
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> slot = cluster.onJobMaster(jobMaster,
                () -> jobMaster.slotPool().allocateSlot(TestCluster.SLOT, null));
        assertThat(cluster.provider.started.get()).isEqualTo(1);
        assertThat(slot).isCompleted();
        WorkerId worker = slot.join().slot().worker();
        assertThat(worker).isEqualTo(new WorkerId("started-1"));

        cluster.onJobMaster(jobMaster, () -> {
            jobMaster.slotPool().releaseSlot(slot.join().allocation());
            return null;
        });
        cluster.scheduler.advance(Duration.ofSeconds(50)); // slot pool idle timeout: the slot returns
        cluster.scheduler.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(cluster.provider.stopped).isEmpty();
        cluster.scheduler.advance(Duration.ofMillis(1)); // resourcemanager.worker-idle-timeout
        assertThat(cluster.provider.stopped).containsExactly(worker);
        assertThat(cluster.resourceManager.slotManager().registeredSlots()).isZero();
    }

    @Test
    void oneWorkerIsStartedForAsManyPendingRequestsAsItHasSlots() {
        JobMaster jobMaster = cluster.addJob("job");
        cluster.onJobMaster(jobMaster, () -> {
            jobMaster.slotPool().allocateSlot(TestCluster.SLOT, null);
            jobMaster.slotPool().allocateSlot(TestCluster.SLOT, null);
            return null;
        });
        assertThat(cluster.provider.started.get()).isEqualTo(1); // a worker has 2 slots
        assertThat(jobMaster.slotPool().slotsInUse()).isEqualTo(2);
    }

    @Test
    void standaloneWorkersAreNeverStopped() {
        cluster.addWorker("standalone", 1);
        cluster.scheduler.advance(Duration.ofMinutes(10));
        assertThat(cluster.provider.stopped).isEmpty();
        assertThat(cluster.resourceManager.slotManager().registeredSlots()).isEqualTo(1);
    }

    @Test
    void failedStartsAreRetriedAtOnceUpToTheFailureRateThenEveryRetryIntervalUntilOneWorks() {
        cluster.provider.failing = true;
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> slot = cluster.onJobMaster(jobMaster,
                () -> jobMaster.slotPool().allocateSlot(TestCluster.SLOT, null));
        assertThat(cluster.provider.started.get()).isEqualTo(10); // resourcemanager.start-worker.max-failure-rate
        cluster.scheduler.advance(Duration.ofMillis(2_999));
        assertThat(cluster.provider.started.get()).isEqualTo(10);
        cluster.scheduler.advance(Duration.ofMillis(1)); // resourcemanager.start-worker.retry-interval
        assertThat(cluster.provider.started.get()).isEqualTo(11);
        cluster.scheduler.advance(Duration.ofSeconds(3));
        assertThat(cluster.provider.started.get()).isEqualTo(12);
        assertThat(slot).isNotDone();

        cluster.provider.failing = false; // capacity came back
        cluster.scheduler.advance(Duration.ofSeconds(3));
        assertThat(cluster.provider.started.get()).isEqualTo(13);
        assertThat(slot).isCompleted();
        assertThat(cluster.events).anyMatch(e -> e.contains("next try in 3000 ms"));
    }
}
