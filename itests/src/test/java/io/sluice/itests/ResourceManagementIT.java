package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.JobMasterGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotOffer;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The ResourceManager and TaskExecutors as components of the real platform. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResourceManagementIT extends PlatformTestSupport {

    @Inject
    private ResourceManagerGateway resourceManager;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private io.sluice.rpc.RpcService rpc;

    private String workers() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
            String table = String.valueOf(session.execute("sluice:workers"));
            session.close();
            return table;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aWorkerConfiguredInConfRegistersItsSlotsAndLeavesWhenTheFileIsDeleted() throws Exception {
        Path cfg = confDir().resolve("io.sluice.taskexecutor-standalone1.cfg");
        writeAtomically(cfg, "taskexecutor.slots = 2\ntaskexecutor.slot.cpu = 0.5\n".getBytes(StandardCharsets.UTF_8));
        try {
            String table = awaitValue("worker standalone1 in sluice:workers", this::workers,
                    t -> t.contains("standalone1  1"));
            assertTrue(table, table.contains("standalone1  0     {cpu=0.5, heapMb=512, managedMb=0}  free"));
        } finally {
            Files.delete(cfg);
        }
        awaitTrue("worker standalone1 gone", () -> !workers().contains("standalone1"));
    }

    @Test
    public void theEmbeddedProviderStartsAWorkerWhoseSlotIsOfferedToTheRequestingJobMaster() throws Exception {
        List<SlotOffer> offers = new CopyOnWriteArrayList<>();
        List<io.sluice.rpc.RpcAddress> offeringWorkers = new CopyOnWriteArrayList<>();
        try (ThreadMainThreadExecutor jobMasterThread = new ThreadMainThreadExecutor("itest-jobmaster")) {
            io.sluice.rpc.RpcService.Registration jobMaster = rpc.serve("itest-jobmaster", JobMasterGateway.class,
                    new JobMasterGateway() {
                @Override
                public CompletableFuture<Collection<AllocationId>> offerSlots(WorkerId worker,
                        io.sluice.rpc.RpcAddress taskExecutor, Collection<SlotOffer> offered) {
                    offers.addAll(offered);
                    offeringWorkers.add(taskExecutor);
                    List<AllocationId> accepted = new ArrayList<>();
                    offered.forEach(offer -> accepted.add(offer.allocation()));
                    return CompletableFuture.completedFuture(accepted);
                }

                @Override
                public void notifyAllocationFailure(AllocationId allocation, String cause) {
                }

                @Override
                public void heartbeatFromTaskExecutor(WorkerId worker, Set<AllocationId> allocations) {
                }

                @Override
                public void disconnectTaskExecutor(WorkerId worker, String cause) {
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
            }, jobMasterThread, null);
            AllocationId allocation = AllocationId.next();
            resourceManager.requestSlot(new JobId("itest"), jobMaster.address(), allocation, ResourceProfile.UNKNOWN)
                    .get();

            awaitValue("the slot offered to the job master", () -> offers, list -> !list.isEmpty());
            assertEquals(allocation, offers.get(0).allocation());
            assertTrue("an embedded worker was started: " + offers.get(0),
                    offers.get(0).slot().worker().value().startsWith("embedded-"));
            String table = workers();
            assertTrue(table, table.contains("allocated to job itest (" + allocation + ")"));
            rpc.connect(offeringWorkers.get(0), TaskExecutorGateway.class).freeSlot(allocation, "itest done");
            awaitTrue("the slot is free again", () -> !workers().contains("allocated to job itest"));
            jobMaster.close();
        }
    }
}
