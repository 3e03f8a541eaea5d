package io.sluice.jobmaster.internal;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.ManualScheduler;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.JobMasterGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotOffer;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The set-up of Flink's e2e scheduler benchmarks: a JobMaster on a manual main thread whose SlotPool already holds
 * its slots, as if offered by TaskExecutors before the timed part — here by a ResourceManager that answers every
 * request at once with a slot of {@code worker}.
 */
final class PrefilledJobMaster {
    private PrefilledJobMaster() {
    }

    static JobMaster create(ManualScheduler threads, int slots, int slotsPerWorker, TaskExecutorGateway worker) {
        AtomicInteger next = new AtomicInteger();
        BenchmarkRpc rpc = new BenchmarkRpc();
        io.sluice.rpc.RpcAddress workerAddress = rpc.direct("worker", worker);
        ResourceManagerGateway resourceManager = (ResourceManagerGateway) Proxy.newProxyInstance(
                PrefilledJobMaster.class.getClassLoader(), new Class<?>[] {ResourceManagerGateway.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerJobMaster")) {
                        return CompletableFuture.completedFuture(rpc.direct("resourcemanager", proxy));
                    }
                    if (method.getName().equals("requestSlot")) { // (job, jobMaster, allocation, profile)
                        int index = next.getAndIncrement();
                        SlotOffer offer = new SlotOffer((AllocationId) args[2], new SlotId(
                                new WorkerId("w" + index / slotsPerWorker), index % slotsPerWorker),
                                ResourceProfile.UNKNOWN);
                        rpc.connect((io.sluice.rpc.RpcAddress) args[1], JobMasterGateway.class)
                                .offerSlots(offer.slot().worker(), workerAddress, List.of(offer));
                        return CompletableFuture.completedFuture(null);
                    }
                    return method.getReturnType() == CompletableFuture.class ? new CompletableFuture<>() : null;
                });
        JobMaster jobMaster = new JobMaster(rpc, new JobId("bench"), threads.executor("jobmaster"), resourceManager,
                SlotPoolSettings.DEFAULT, slot -> { });
        // allocate every slot through the pool, then hand them back into its cache
        List<CompletableFuture<PhysicalSlot>> requested = new ArrayList<>();
        threads.executor("jobmaster").execute(() -> {
            for (int i = 0; i < slots; i++) {
                requested.add(jobMaster.slotPool().allocateSlot(ResourceProfile.UNKNOWN, null));
            }
        });
        threads.runAll(); // the pool registers at the ResourceManager, asks, and is offered every slot
        threads.executor("jobmaster").execute(
                () -> requested.forEach(f -> jobMaster.slotPool().releaseSlot(f.join().allocation())));
        threads.runAll();
        if (jobMaster.slotPool().freeSlots() != slots) {
            throw new IllegalStateException("the pool holds " + jobMaster.slotPool().freeSlots() + " of " + slots
                    + " slots");
        }
        return jobMaster;
    }
}
