package io.sluice.benchmarks;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.failover.region.RegionFailoverStrategyFactory;
import io.sluice.jobmaster.internal.JobRecovery;
import io.sluice.minicluster.MiniCluster;
import io.sluice.restart.fixeddelay.FixedDelayRestartBackoffStrategyFactory;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recovery time, in process, zero backoff: keyed-sum-streaming with an endless source (parallelism 2, one
 * pipelined region) runs until subtask 0's first attempt holds a record; timed is that task failing until
 * every task of the restarted region is RUNNING again. {@code region} failover, {@code fixed-delay} with no delay,
 * on a MiniCluster of 2 workers x 2 slots. Flink's peer is benchmarks/flink's {@code FlinkFailureRecoveryBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
public class FailureRecoveryBenchmark {
    static final long ENDLESS = 1_000_000_000_000L;

    MiniCluster cluster;
    MiniCluster.Running running;
    final Trigger trigger = new Trigger();

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        cluster = new MiniCluster(2, 2, ShuffleSettings.defaults(Files.createTempDirectory("sluice-bench")),
                Map.of("trigger", trigger));
    }

    @Setup(Level.Invocation)
    public void runUntilTheFailureIsArmed() throws Exception {
        trigger.arm();
        JobRecovery recovery = new JobRecovery(() -> new JobRecovery.Failover(new RegionFailoverStrategyFactory(),
                "region", "bench"), new FixedDelayRestartBackoffStrategyFactory().create(new StrategyOptions("restart",
                        Map.of("attempts", Integer.toString(Integer.MAX_VALUE), "delay", "0ms"))));
        running = cluster.start(job(), new PipelinedRegionSchedulingStrategyFactory(), recovery);
        if (!trigger.holding.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the failing task never got a record: " + running.details());
        }
        while (running.tasksIn(ExecutionState.RUNNING) < 4) {
            LockSupport.parkNanos(100_000);
        }
    }

    static JobGraph job() {
        JobGraph.Builder job = JobGraph.builder("keyed-sum-streaming-recovery");
        // 10^12 records: endless for a benchmark, and rolling sums stay far from overflowing a long
        job.vertex("numbers", List.of(new OperatorSpec("numbers", "sequence-source", Map.of("from", 0L, "to", ENDLESS)),
                new OperatorSpec("pair", "to-pair", Map.of("keys", Jobs.KEYS)),
                new OperatorSpec("boom", "trigger", Map.of())), 2, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
        job.vertex("sum", List.of(new OperatorSpec("sum", "rolling-sum", Map.of()),
                new OperatorSpec("out", "discard-sink", Map.of())), 2, SlotSharingGroup.DEFAULT, null,
                ResourceProfile.UNKNOWN);
        job.connect("numbers", "sum", PartitionerKind.HASH, ResultPartitionType.PIPELINED);
        return job.build();
    }

    @Benchmark
    public int failureUntilReplacementRunning() {
        trigger.fire.countDown();
        int running;
        while (this.running.details().restarts() < 1 || (running = this.running.tasksIn(ExecutionState.RUNNING)) < 4) {
            LockSupport.parkNanos(20_000);
        }
        return running;
    }

    @TearDown(Level.Invocation)
    public void cancel() throws Exception {
        running.cancel();
        JobStatus status = running.run().get(30, TimeUnit.SECONDS).status();
        if (status != JobStatus.CANCELED) {
            throw new IllegalStateException("the job ended " + status);
        }
    }

    @TearDown(Level.Trial)
    public void stopCluster() {
        cluster.close();
    }

    /** Identity, except that the first attempt of subtask 0 holds its first record until fired, then fails. */
    static final class Trigger implements OperatorFactory {
        volatile CountDownLatch holding;
        volatile CountDownLatch fire;

        void arm() {
            holding = new CountDownLatch(1);
            fire = new CountDownLatch(1);
        }

        @Override
        public OperatorKind kind() {
            return OperatorKind.TRANSFORM;
        }

        @Override
        public Operator create(OperatorContext context) {
            boolean armed = context.subtaskIndex() == 0 && context.attemptNumber() == 0;
            CountDownLatch held = holding;
            CountDownLatch fired = fire;
            return (OneInputOperator) (record, out) -> {
                if (armed) {
                    held.countDown();
                    fired.await();
                    throw new IllegalStateException("injected failure");
                }
                out.collect(record);
            };
        }
    }
}
