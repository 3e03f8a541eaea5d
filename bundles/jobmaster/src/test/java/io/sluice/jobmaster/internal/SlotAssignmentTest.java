package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.gateway.SlotReport;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A slot the ResourceManager assigns is never lost: not to a refusing TaskExecutor, nor to a racing slot report. */
class SlotAssignmentTest {
    private final TestCluster cluster = new TestCluster(false);

    private CompletableFuture<PhysicalSlot> request(JobMaster jobMaster) {
        return cluster.onJobMaster(jobMaster, () -> jobMaster.slotPool().allocateSlot(TestCluster.SLOT, null));
    }

    /** Forwards everything but {@code requestSlot}, which {@code onRequestSlot} answers instead. */
    private static UnaryOperator<TaskExecutorGateway> intercept(
            java.util.function.BiFunction<TaskExecutorGateway, Object[], CompletableFuture<Void>> onRequestSlot) {
        return target -> (TaskExecutorGateway) Proxy.newProxyInstance(SlotAssignmentTest.class.getClassLoader(),
                new Class<?>[] {TaskExecutorGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("requestSlot")) {
                        return onRequestSlot.apply(target, args);
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static final UnaryOperator<TaskExecutorGateway> REFUSING = intercept((target, args) ->
            CompletableFuture.failedFuture(new IllegalStateException("slot " + args[0] + " already serves another job")));

    @Test
    void aRefusedAssignmentWaitsAgainAndIsServedByTheNextWorker() {
        cluster.addWorker("liar", 1, REFUSING);
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> slot = request(jobMaster);
        assertThat(slot).isNotDone();
        assertThat(cluster.resourceManager.slotManager().pendingRequests()).hasSize(1);
        assertThat(cluster.events).anyMatch(e -> e.contains("was refused") && e.contains("already serves another job"));

        cluster.addWorker("w2", 1);
        assertThat(slot).isCompleted();
        assertThat(slot.join().slot().worker()).isEqualTo(new WorkerId("w2"));
        assertThat(cluster.resourceManager.slotManager().pendingRequests()).isEmpty();
    }

    @Test
    void aRequestOnlyARefusingWorkerCouldServeFailsToTheJobMasterAtItsOriginalDeadline() {
        cluster.addWorker("liar", 1, REFUSING);
        JobMaster jobMaster = cluster.addJob("job");
        CompletableFuture<PhysicalSlot> slot = request(jobMaster);
        // the liar's heartbeat reports call the slot free every 10 s: each time it is assigned and refused again
        cluster.scheduler.advance(TestCluster.RM_SETTINGS.slotRequestTimeout().minusSeconds(1));
        assertThat(slot).isNotDone();
        cluster.scheduler.advance(java.time.Duration.ofSeconds(1));
        assertThat(slot).isCompletedExceptionally();
        assertThat(slot.handle((s, e) -> e instanceof CompletionException ? e.getCause() : e).join())
                .isInstanceOf(NoSlotAvailableException.class).hasMessageContaining("slot.request-timeout");
    }

    @Test
    void aSlotReportSentBeforeTheAssignmentArrivedDoesNotFreeTheNewAllocation() {
        SlotReport[] before = new SlotReport[1];
        // the worker's last report (all free) reaches the ResourceManager just after the assignment left it
        cluster.addWorker("w1", 1, intercept((target, args) -> {
            cluster.resourceManager.gateway().heartbeatFromTaskExecutor(new WorkerId("w1"), before[0]);
            return target.requestSlot((io.sluice.api.slot.SlotId) args[0], (io.sluice.api.job.JobId) args[1],
                    (io.sluice.rpc.gateway.AllocationId) args[2], (io.sluice.rpc.RpcAddress) args[3]);
        }));
        before[0] = cluster.workers.get(new WorkerId("w1")).report();
        JobMaster jobMaster = cluster.addJob("job");

        CompletableFuture<PhysicalSlot> first = request(jobMaster);
        assertThat(first).isCompleted();
        assertThat(cluster.resourceManager.slotManager().freeSlots()).isZero();

        CompletableFuture<PhysicalSlot> second = request(jobMaster);
        assertThat(second).isNotDone();
        assertThat(cluster.resourceManager.slotManager().pendingRequests()).hasSize(1);
    }
}
