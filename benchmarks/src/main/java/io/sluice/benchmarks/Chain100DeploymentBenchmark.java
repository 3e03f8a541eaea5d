package io.sluice.benchmarks;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobStatus;
import io.sluice.minicluster.MiniCluster;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.file.Files;
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
 * chain100 (an endless source, 23 maps and a sink, parallelism 4, chaining off: 100 tasks) from submission
 * until all 100 tasks are RUNNING, on a MiniCluster of 2 workers x 2 slots; the job is cancelled untimed after
 * each measurement. Flink's peer is benchmarks/flink's {@code FlinkChain100Benchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
public class Chain100DeploymentBenchmark {
    MiniCluster cluster;
    private MiniCluster.Running running;
    private JobGraph job;

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        cluster = new MiniCluster(2, 2, ShuffleSettings.defaults(Files.createTempDirectory("sluice-bench")));
    }

    @Setup(Level.Invocation)
    public void compile() {
        job = Jobs.chain100(); // untimed, as on Flink's side: the timed part starts from a JobGraph
    }

    @Benchmark
    public int submitUntilAllRunning() {
        running = cluster.start(job, new PipelinedRegionSchedulingStrategyFactory());
        int tasks;
        while ((tasks = running.tasksIn(ExecutionState.RUNNING)) < 100) {
            LockSupport.parkNanos(1_000_000); // polled every millisecond on both sides, so polling costs little
        }
        return tasks;
    }

    @TearDown(Level.Invocation)
    public void cancel() throws Exception {
        running.cancel();
        JobStatus status = running.run().get(30, TimeUnit.SECONDS).status();
        if (status != JobStatus.CANCELED) {
            throw new IllegalStateException("chain100 ended " + status);
        }
    }

    @TearDown(Level.Trial)
    public void stopCluster() {
        cluster.close();
    }
}
