package io.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.SlotStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerTableTest {

    @Test
    void showsEverySlotWithItsJobAndThePendingRequestsWithTheirAge() {
        WorkerId worker = new WorkerId("w1");
        ResourceProfile slot = ResourceProfile.of(1, 512);
        String table = WorkerTable.render(new ClusterStatus(
                List.of(new ClusterStatus.Worker(worker, List.of(SlotStatus.free(new SlotId(worker, 0), slot),
                        new SlotStatus(new SlotId(worker, 1), slot, new JobId("etl"), new AllocationId("alloc-7"))))),
                List.of(new ClusterStatus.PendingRequest(new JobId("etl"), new AllocationId("alloc-9"),
                        ResourceProfile.of(4, 512), Duration.ofSeconds(42)))));
        assertThat(table.lines()).containsExactly(
                "WORKER  SLOT  RESOURCES                           STATE",
                "w1      0     {cpu=1.0, heapMb=512, managedMb=0}  free",
                "w1      1     {cpu=1.0, heapMb=512, managedMb=0}  allocated to job etl (alloc-7)",
                "",
                "1 pending slot requests",
                "JOB  ALLOCATION  RESOURCES                           WAITING",
                "etl  alloc-9     {cpu=4.0, heapMb=512, managedMb=0}  42 s");
    }
}
