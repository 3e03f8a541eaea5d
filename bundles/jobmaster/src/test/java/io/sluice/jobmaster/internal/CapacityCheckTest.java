package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.SlotStatus;
import io.sluice.scheduler.eager.EagerSchedulingStrategyFactory;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job that can never get the slots its scheduler deploys together is refused when the cluster cannot grow. */
class CapacityCheckTest {
    // 4 + 4 tasks, one slot sharing group: eager needs 4 slots at once; with a blocking edge, regions need 1
    private final JobGraph job = JobGraph.builder("wide").vertex("src", "x", 4).vertex("sink", "x", 4)
            .connect("src", "sink", PartitionerKind.HASH, ResultPartitionType.BLOCKING).build();
    private final ExecutionGraph graph = ExecutionGraph.build(job);

    private static ClusterStatus cluster(int workers, int slots, boolean startsWorkers) {
        List<ClusterStatus.Worker> all = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            WorkerId id = new WorkerId("w" + w);
            List<SlotStatus> statuses = new ArrayList<>();
            for (int s = 0; s < slots; s++) {
                statuses.add(SlotStatus.free(new SlotId(id, s), ResourceProfile.of(1, 512)));
            }
            all.add(new ClusterStatus.Worker(id, statuses));
        }
        return new ClusterStatus(all, List.of(), startsWorkers ? ResourceProfile.of(1, 512) : null);
    }

    private static ResolvedStrategy<SchedulingStrategyFactory> scheduler(String name, SchedulingStrategyFactory f) {
        return new ResolvedStrategy<>(f, new PluginInfo(StrategyKind.SCHEDULER, name, "test", "1.0.0", 0, 0,
                PluginInfo.State.ACTIVE, false), false);
    }

    @Test
    void eagerNeedsEverySlotAtOnceAndIsRefusedByASmallerFixedCluster() {
        assertThatThrownBy(() -> JobMasterFactoryComponent.checkCapacity(job, graph,
                scheduler("eager", new EagerSchedulingStrategyFactory()), cluster(1, 3, false)))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("job 'wide': scheduler 'eager' needs 4 slots at the same time (with slot sharing), but the"
                        + " cluster has 3 slots on 1 workers and its resource provider starts none");
    }

    @Test
    void theSameJobFitsWhenItsSchedulerDeploysOneRegionAtATimeOrTheClusterCanGrow() {
        assertThatCode(() -> JobMasterFactoryComponent.checkCapacity(job, graph,
                scheduler("pipelined-region", new PipelinedRegionSchedulingStrategyFactory()), cluster(1, 1, false)))
                .doesNotThrowAnyException();
        assertThatCode(() -> JobMasterFactoryComponent.checkCapacity(job, graph,
                scheduler("eager", new EagerSchedulingStrategyFactory()), cluster(0, 0, true)))
                .doesNotThrowAnyException();
    }

    @Test
    void aJobAskingMoreResourcesThanAnySlotHasIsRefusedWithTheProfileAndTheLargestSlot() {
        JobGraph big = JobGraph.builder("big")
                .vertex("src", List.of(new io.sluice.api.job.OperatorSpec("src", "x", java.util.Map.of())), 2,
                        io.sluice.api.job.SlotSharingGroup.DEFAULT, null, ResourceProfile.of(4, 100_000))
                .vertex("out", List.of(new io.sluice.api.job.OperatorSpec("out", "x", java.util.Map.of())), 1,
                        io.sluice.api.job.SlotSharingGroup.DEFAULT, null, ResourceProfile.of(0.5, 128))
                .connect("src", "out", PartitionerKind.HASH, ResultPartitionType.PIPELINED).build();
        ExecutionGraph bigGraph = ExecutionGraph.build(big);
        for (boolean startsWorkers : new boolean[] {false, true}) {
            assertThatThrownBy(() -> JobMasterFactoryComponent.checkCapacity(big, bigGraph,
                    scheduler("pipelined-region", new PipelinedRegionSchedulingStrategyFactory()),
                    cluster(2, 2, startsWorkers)))
                    .isInstanceOf(JobValidationException.class)
                    .hasMessageStartingWith("job 'big': slot 0 of slot sharing group 'default' asks for "
                            + "{cpu=4.5, heapMb=100128, managedMb=0} (its subtasks' resources added up), but no slot of the"
                            + " cluster can ever hold it: the largest slot is {cpu=1.0, heapMb=512, managedMb=0}");
        }
    }

    @Test
    void aJobWhoseSlotsFitTheLargestWorkerIsAccepted() {
        JobGraph small = JobGraph.builder("small")
                .vertex("src", List.of(new io.sluice.api.job.OperatorSpec("src", "x", java.util.Map.of())), 2,
                        io.sluice.api.job.SlotSharingGroup.DEFAULT, null, ResourceProfile.of(0.5, 256))
                .vertex("out", List.of(new io.sluice.api.job.OperatorSpec("out", "x", java.util.Map.of())), 2,
                        io.sluice.api.job.SlotSharingGroup.DEFAULT, null, ResourceProfile.of(0.5, 256))
                .connect("src", "out", PartitionerKind.HASH, ResultPartitionType.PIPELINED).build();
        assertThatCode(() -> JobMasterFactoryComponent.checkCapacity(small, ExecutionGraph.build(small),
                scheduler("pipelined-region", new PipelinedRegionSchedulingStrategyFactory()), cluster(1, 2, false)))
                .doesNotThrowAnyException();
    }
}
