package io.sluice.jobmaster.internal;





import io.sluice.benchmarks.JobConfiguration;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.rpc.ManualScheduler;




import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import java.lang.reflect.Proxy;


import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Flink's SchedulingAndDeployingBenchmark (e2e): the JobMaster's SlotPool already holds the slots (offered
 * untimed) and the ExecutionGraph is built; timed is creating the scheduler and its {@code pipelined-region}
 * strategy (Flink creates its scheduler untimed) and scheduling until every due task is deployed to a
 * TaskExecutor gateway that accepts at once —
 * STREAMING: all 8,000 tasks (one region), BATCH: the 4,000 sources. Everything runs on one manual main thread,
 * as Flink's benchmark runs on a direct executor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SchedulingAndDeployingBenchmark {
    @Param({"STREAMING", "BATCH"})
    public JobConfiguration jobConfiguration;

    @Param({"4000"})
    public int parallelism;

    ManualScheduler threads;
    JobMaster jobMaster;
    ExecutionGraph graph;
    final AtomicInteger deployed = new AtomicInteger();

    @Setup(Level.Invocation)
    public void setup() {
        graph = ExecutionGraph.build(jobConfiguration.jobGraph(parallelism)); // Flink builds it untimed too
        threads = new ManualScheduler();
        deployed.set(0);
        // STREAMING shares nothing between source and sink (different slot sharing groups): a slot per task
        jobMaster = PrefilledJobMaster.create(threads, 2 * parallelism, 8, countingWorker());
    }

    private io.sluice.rpc.gateway.TaskExecutorGateway countingWorker() {
        return (io.sluice.rpc.gateway.TaskExecutorGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {io.sluice.rpc.gateway.TaskExecutorGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("submitTask")) {
                        deployed.incrementAndGet();
                    }
                    return method.getReturnType() == CompletableFuture.class
                            ? CompletableFuture.completedFuture(null) : null;
                });
    }

    @Benchmark
    public int schedulingAndDeployingComplete() {
        threads.executor("jobmaster").execute(() -> jobMaster.run(graph, new PipelinedRegionSchedulingStrategyFactory(),
                JobRecovery.none(), () -> 0L));
        threads.runAll();
        return deployed.get();
    }
}
