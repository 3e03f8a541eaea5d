package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.WorkerId;
import io.sluice.resourcemanager.internal.ResourceManagerSettings;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.gateway.AllocationId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The slot protocol between ResourceManager, TaskExecutors and a JobMaster, on a manual clock. */
class SlotProtocolTest {
    private final TestCluster cluster = new TestCluster(false);

    private CompletableFuture<PhysicalSlot> request(JobMaster jobMaster, ResourceProfile profile, AllocationId previous) {
        return cluster.onJobMaster(jobMaster, () -> jobMaster.slotPool().allocateSlot(profile, previous));
    }

    private int freeSlotsAtResourceManager() {
        return cluster.resourceManager.slotManager().freeSlots();
    }

    @Test
    void aSlotRequestIsServedByTheTaskExecutorsOfferToTheSlotPool() {
        cluster.addWorker("w1", 2);
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> slot = request(jobMaster, TestCluster.SLOT, null);
        assertThat(slot).isCompleted();
        assertThat(slot.join().slot().worker()).isEqualTo(new WorkerId("w1"));
        assertThat(freeSlotsAtResourceManager()).isEqualTo(1);
        assertThat(cluster.workers.get(new WorkerId("w1")).report().slots()).filteredOn(s -> !s.isFree()).hasSize(1);
    }

    @Test
    void aLostFreeMessageIsReconciledByTheNextHeartbeatReport() {
        cluster.addWorker("w1", 1);
        JobMaster jobMaster = cluster.addJob("job");
        PhysicalSlot slot = request(jobMaster, TestCluster.SLOT, null).join();
        cluster.dropToResourceManager.add("notifySlotAvailable");
        cluster.scheduler.advance(Duration.ofSeconds(5)); // heartbeats tick at 10 s, 20 s, ...: stay between them
        cluster.onJobMaster(jobMaster, () -> {
            jobMaster.slotPool().releaseSlot(slot.allocation());
            return null;
        });
        cluster.scheduler.advance(Duration.ofSeconds(50)); // idle timeout at 55 s: the slot goes back, the message is lost
        assertThat(freeSlotsAtResourceManager()).isZero();
        cluster.dropToResourceManager.clear();
        cluster.scheduler.advance(Duration.ofSeconds(5)); // the heartbeat report at 60 s says the slot is free
        assertThat(freeSlotsAtResourceManager()).isEqualTo(1);
    }

    @Test
    void aTaskExecutorThatStopsHeartbeatingIsLostAfterExactlyTheTimeout() {
        cluster.addWorker("w1", 2);
        JobMaster jobMaster = cluster.addJob("job");
        PhysicalSlot slot = request(jobMaster, TestCluster.SLOT, null).join();
        cluster.dropToResourceManager.add("heartbeatFromTaskExecutor");
        cluster.scheduler.advance(TestCluster.HEARTBEAT.timeout().minusMillis(1));
        assertThat(cluster.resourceManager.slotManager().registeredSlots()).isEqualTo(2);
        cluster.scheduler.advance(Duration.ofMillis(1));
        assertThat(cluster.resourceManager.slotManager().registeredSlots()).isZero();
        assertThat(cluster.events).anyMatch(e -> e.equals("TaskExecutor w1 lost: no heartbeat for 50000 ms"));
        assertThat(cluster.lostSlots).containsExactly(slot);
        assertThat(jobMaster.slotPool().slotsInUse()).isZero();
    }

    @Test
    void aRestartStartedWhileTheLossIsHandledGetsNoSlotOfTheLostWorker() {
        cluster.addWorker("w1", 1);
        JobMaster jobMaster = cluster.addJob("job");
        PhysicalSlot slot = request(jobMaster, TestCluster.SLOT, null).join();
        cluster.addWorker("w2", 1);
        java.util.List<CompletableFuture<PhysicalSlot>> restarted = new java.util.ArrayList<>();
        // as the scheduler does when no backoff is left: its tasks end, the slot is released, the restart asks again
        jobMaster.slotPool().onTaskExecutorLost((worker, cause) -> {
            jobMaster.slotPool().releaseSlot(slot.allocation());
            restarted.add(jobMaster.slotPool().allocateSlot(TestCluster.SLOT, slot.allocation()));
        });

        cluster.onJobMaster(jobMaster, () -> {
            jobMaster.slotPool().taskExecutorLost(new WorkerId("w1"), "its connection closed");
            return null;
        });

        assertThat(restarted.get(0)).isCompleted();
        assertThat(restarted.get(0).join().slot().worker()).isEqualTo(new WorkerId("w2"));
        assertThat(cluster.lostSlots).containsExactly(slot);
    }

    @Test
    void idleSlotsGoBackAfterTheIdleTimeoutAndNotBefore() {
        cluster.addWorker("w1", 1);
        JobMaster jobMaster = cluster.addJob("job");
        PhysicalSlot slot = request(jobMaster, TestCluster.SLOT, null).join();
        cluster.onJobMaster(jobMaster, () -> {
            jobMaster.slotPool().releaseSlot(slot.allocation());
            return null;
        });
        cluster.scheduler.advance(Duration.ofSeconds(50).minusMillis(1));
        assertThat(jobMaster.slotPool().freeSlots()).isEqualTo(1);
        assertThat(freeSlotsAtResourceManager()).isZero();
        cluster.scheduler.advance(Duration.ofMillis(1));
        assertThat(jobMaster.slotPool().freeSlots()).isZero();
        assertThat(freeSlotsAtResourceManager()).isEqualTo(1);
    }

    @Test
    void aRestartedTaskGetsItsPreviousSlotBack() {
        cluster.addWorker("w1", 1);
        cluster.addWorker("w2", 1);
        JobMaster jobMaster = cluster.addJob("job");
        PhysicalSlot first = request(jobMaster, TestCluster.SLOT, null).join();
        PhysicalSlot second = request(jobMaster, TestCluster.SLOT, null).join();
        cluster.onJobMaster(jobMaster, () -> {
            jobMaster.slotPool().releaseSlot(first.allocation());
            jobMaster.slotPool().releaseSlot(second.allocation());
            return null;
        });
        assertThat(request(jobMaster, TestCluster.SLOT, second.allocation()).join()).isEqualTo(second);
        assertThat(request(jobMaster, TestCluster.SLOT, null).join()).isEqualTo(first);
    }

    @Test
    void anUnfulfillableRequestTimesOutNamingWhatWasAskedAndWhatTheClusterHas() {
        cluster.addWorker("w1", 2);
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> big = request(jobMaster, ResourceProfile.of(8, 1024), null);
        cluster.scheduler.advance(ResourceManagerSettings.DEFAULT_SLOT_REQUEST_TIMEOUT.minusMillis(1));
        assertThat(big).isNotDone();
        cluster.scheduler.advance(Duration.ofMillis(1));
        assertThat(big).isCompletedExceptionally();
        assertThat(big.handle((s, e) -> e.getMessage()).join()).isEqualTo("job job: no slot for "
                + "{cpu=8.0, heapMb=1024, managedMb=0} within 300 s (slot.request-timeout); the cluster has 1 workers "
                + "with 2 slots {cpu=1.0, heapMb=1024, managedMb=0} (2 free)");
    }

    @Test
    void aPendingRequestIsServedWhenAWorkerJoins() {
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> slot = request(jobMaster, TestCluster.SLOT, null);
        assertThat(slot).isNotDone();
        cluster.addWorker("late", 1);
        assertThat(slot).isCompleted();
        assertThat(slot.join().slot().worker()).isEqualTo(new WorkerId("late"));
    }

    @Test
    void changedHeartbeatSettingsApplyWithoutARestart() {
        cluster.addWorker("w1", 1);
        cluster.resourceManager.mainThread().execute(() -> cluster.resourceManager.reconfigure(
                new ResourceManagerSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
                        new HeartbeatSettings(Duration.ofSeconds(1), Duration.ofSeconds(5)), TestCluster.RM_SETTINGS.workerSpec())));
        cluster.scheduler.runAll();
        cluster.dropToResourceManager.add("heartbeatFromTaskExecutor");
        cluster.scheduler.advance(Duration.ofSeconds(5));
        assertThat(cluster.resourceManager.slotManager().registeredSlots()).isZero();
    }

    @Test
    void swappingTheMatcherServesAPendingRequestThroughTheNewIndex() {
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> slot = request(jobMaster, TestCluster.SLOT, null);
        cluster.resourceManager.mainThread().execute(() -> cluster.resourceManager.replaceSlotIndex(
                new io.sluice.api.slot.WorkerUtilisationIndex(true)));
        cluster.scheduler.runAll();
        cluster.addWorker("w1", 1);
        assertThat(slot).isCompleted();
    }

    @Test
    void theJobsSlotsAreFreedWhenTheJobEnds() {
        cluster.addWorker("w1", 2);
        JobMaster jobMaster = cluster.addJob("job");
        request(jobMaster, TestCluster.SLOT, null).join();
        request(jobMaster, TestCluster.SLOT, null).join();
        assertThat(freeSlotsAtResourceManager()).isZero();
        cluster.onJobMaster(jobMaster, () -> {
            jobMaster.slotPool().stop("job finished");
            return null;
        });
        assertThat(freeSlotsAtResourceManager()).isEqualTo(2);
    }

    @Test
    void aTaskExecutorFreesTheSlotsOfAJobMasterThatFellSilent() {
        io.sluice.taskexecutor.internal.TaskExecutor worker = cluster.addWorker("w1", 1);
        // a JobMaster that takes the slot and then never sends a heartbeat (it died without a word)
        io.sluice.rpc.RpcAddress silent = cluster.rpc.serve("silent-jm",
                io.sluice.rpc.gateway.JobMasterGateway.class, new io.sluice.rpc.gateway.JobMasterGateway() {
                    @Override
                    public CompletableFuture<java.util.Collection<AllocationId>> offerSlots(WorkerId w,
                            io.sluice.rpc.RpcAddress te,
                            java.util.Collection<io.sluice.rpc.gateway.SlotOffer> offers) {
                        return CompletableFuture.completedFuture(
                                offers.stream().map(io.sluice.rpc.gateway.SlotOffer::allocation).toList());
                    }

                    @Override
                    public void notifyAllocationFailure(AllocationId allocation, String cause) {
                    }

                    @Override
                    public void heartbeatFromTaskExecutor(WorkerId w, java.util.Set<AllocationId> allocations) {
                    }

                    @Override
                    public void disconnectTaskExecutor(WorkerId w, String cause) {
                    }

                    @Override
                    public void updateTaskExecutionState(io.sluice.rpc.gateway.TaskExecutionState state) {
                    }

                    @Override
                    public CompletableFuture<io.sluice.rpc.gateway.JobDetails> requestJobDetails() {
                        return new CompletableFuture<>();
                    }

                    @Override
                    public CompletableFuture<Boolean> confirmCommit(io.sluice.rpc.gateway.ExecutionAttemptId attempt) {
                        return CompletableFuture.completedFuture(false);
                    }

                    @Override
                    public CompletableFuture<Void> cancel() {
                        return new CompletableFuture<>();
                    }
                }, cluster.scheduler.executor("silent-jm"), null).address();
        worker.gateway().requestSlot(new io.sluice.api.slot.SlotId(new WorkerId("w1"), 0),
                new io.sluice.api.job.JobId("dead"), AllocationId.next(), silent);
        cluster.scheduler.runAll();
        assertThat(worker.report().slots().get(0).isFree()).isFalse();
        cluster.scheduler.advance(TestCluster.HEARTBEAT.timeout().minusMillis(1));
        assertThat(worker.report().slots().get(0).isFree()).isFalse();
        cluster.scheduler.advance(Duration.ofMillis(1));
        assertThat(worker.report().slots().get(0).isFree()).isTrue();
    }

    @Test
    void aTaskExecutorRegistersAgainWhenTheResourceManagerFellSilent() {
        cluster.addWorker("w1", 1);
        // the ResourceManager falls silent: its next heartbeat is an hour away
        cluster.resourceManager.mainThread().execute(() -> cluster.resourceManager.reconfigure(
                new ResourceManagerSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
                        new HeartbeatSettings(Duration.ofHours(1), Duration.ofHours(2)),
                        TestCluster.RM_SETTINGS.workerSpec())));
        cluster.scheduler.runAll();
        cluster.scheduler.advance(TestCluster.HEARTBEAT.timeout());
        assertThat(cluster.events).filteredOn(e -> e.startsWith("registered TaskExecutor w1")).hasSize(2);
    }

    @Test
    void aRefusedRegistrationIsTriedAgainAfterHalfASecondDoublingUpToTenSeconds() {
        java.util.List<java.time.Instant> attempts = new java.util.ArrayList<>();
        io.sluice.rpc.gateway.ResourceManagerGateway refusing = (io.sluice.rpc.gateway.ResourceManagerGateway)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {io.sluice.rpc.gateway.ResourceManagerGateway.class}, (proxy, method, args) -> {
                            if (method.getName().equals("registerTaskExecutor")) {
                                attempts.add(cluster.scheduler.now());
                                return CompletableFuture.failedFuture(new io.sluice.rpc.FencingTokenException("stale"));
                            }
                            return method.getReturnType() == void.class ? null : new CompletableFuture<>();
                        });
        io.sluice.taskexecutor.internal.TaskExecutor worker = new io.sluice.taskexecutor.internal.TaskExecutor(
                cluster.rpc, new WorkerId("w1"), cluster.scheduler.executor("w1"), java.util.List.of(TestCluster.SLOT),
                refusing, TestCluster.HEARTBEAT, io.sluice.taskexecutor.internal.TaskRuntime.slotsOnly());
        java.time.Instant start = cluster.scheduler.now();
        cluster.scheduler.executor("w1").execute(worker::start);
        cluster.scheduler.advance(Duration.ofSeconds(40));
        assertThat(attempts.stream().map(at -> Duration.between(start, at).toMillis()).toList())
                .containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L, 15_500L, 25_500L, 35_500L);
        cluster.scheduler.executor("w1").execute(() -> worker.stop("test ends"));
        cluster.scheduler.advance(Duration.ofSeconds(60));
        assertThat(attempts).hasSize(8);
    }
}
