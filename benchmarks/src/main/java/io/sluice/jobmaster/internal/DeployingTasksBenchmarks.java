package io.sluice.jobmaster.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.WorkerId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.IntermediateResultPartition;
import io.sluice.rpc.ManualScheduler;
import io.sluice.rpc.MainThreadExecutor;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.TaskExecutorGateway;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flink's deploying benchmarks (org.apache.flink.runtime.scheduler.benchmark.deploying) on the JobMaster's
 * scheduler: every task was given a slot untimed; timed is building each task's deployment descriptor and
 * handing it to a TaskExecutor gateway that accepts at once — all 8,000 tasks of the STREAMING job
 * (DeployingTasksInStreamingJob), or the 4,000 sinks of the BATCH job once the sources finished
 * (DeployingDownstreamTasksInBatchJob). In the benchmarks' package-private corner of the JobMaster because
 * deployment is not public API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeployingTasksBenchmarks {
    /** Accepts every task at once, like Flink's testing TaskManager gateway. */
    static final TaskExecutorGateway ACCEPTING = (TaskExecutorGateway) Proxy.newProxyInstance(
            DeployingTasksBenchmarks.class.getClassLoader(), new Class<?>[] {TaskExecutorGateway.class},
            (proxy, method, args) -> method.getReturnType() == CompletableFuture.class
                    ? CompletableFuture.completedFuture(null) : null);

    @State(Scope.Thread)
    public static class Deployment {
        @Param({"4000"})
        public int parallelism;

        Scheduler scheduler;
        List<Execution> toDeploy;
        List<PhysicalSlot> slots;

        void setup(io.sluice.benchmarks.JobConfiguration configuration, boolean sourcesFinished) {
            ExecutionGraph graph = ExecutionGraph.build(configuration.jobGraph(parallelism));
            MainThreadExecutor mainThread = new ManualScheduler().executor("jobmaster");
            ResourceManagerGateway resourceManager = (ResourceManagerGateway) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ResourceManagerGateway.class},
                    (p, m, a) -> m.getReturnType() == CompletableFuture.class ? new CompletableFuture<>() : null);
            SlotPool slotPool = new SlotPool(new BenchmarkRpc(), new JobId("bench"), mainThread, resourceManager, SlotPoolSettings.DEFAULT,
                    slot -> { });
            scheduler = new Scheduler(new JobId("bench"), graph, new PipelinedRegionSchedulingStrategyFactory(),
                    JobRecovery.none(),
                    slotPool, mainThread, System::currentTimeMillis);
            toDeploy = new ArrayList<>();
            slots = new ArrayList<>();
            int index = 0;
            for (ExecutionVertex vertex : graph.getVertices()) {
                Execution execution = scheduler.execution(vertex.getId());
                PhysicalSlot slot = new PhysicalSlot(AllocationId.next(), new SlotId(new WorkerId("w" + index / 8), index % 8),
                        ResourceProfile.UNKNOWN, ACCEPTING);
                index++;
                execution.slot = slot; // every producer is placed, as in Flink's set-up
                boolean source = vertex.getConsumedPartitionGroups().isEmpty();
                if (sourcesFinished && source) {
                    execution.transition(ExecutionState.FINISHED, 0);
                    vertex.getProducedResults().forEach(IntermediateResultPartition::markFinished);
                } else {
                    execution.transition(ExecutionState.SCHEDULED, 0);
                    toDeploy.add(execution);
                    slots.add(slot);
                }
            }
        }

        int deployAll() {
            for (int i = 0; i < toDeploy.size(); i++) {
                scheduler.deploy(toDeploy.get(i), slots.get(i));
            }
            return toDeploy.size();
        }
    }

    @State(Scope.Thread)
    public static class StreamingJob extends Deployment {
        @Setup(Level.Invocation)
        public void setup() {
            setup(io.sluice.benchmarks.JobConfiguration.STREAMING, false);
        }
    }

    @State(Scope.Thread)
    public static class BatchJob extends Deployment {
        @Setup(Level.Invocation)
        public void setup() {
            setup(io.sluice.benchmarks.JobConfiguration.BATCH, true);
        }
    }

    @Benchmark
    public int deployingTasksInStreamingJob(StreamingJob job) {
        return job.deployAll();
    }

    @Benchmark
    public int deployingDownstreamTasksInBatchJob(BatchJob job) {
        return job.deployAll();
    }
}
