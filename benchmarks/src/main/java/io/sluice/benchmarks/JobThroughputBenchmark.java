package io.sluice.benchmarks;

import io.sluice.api.job.JobStatus;
import io.sluice.minicluster.MiniCluster;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole keyed-sum job, submission to FINISHED, on a MiniCluster of 2 workers x 2 slots: {@code streaming} is
 * keyed-sum-streaming (rolling sum over a pipelined exchange), otherwise keyed-sum (final sums over a blocking
 * exchange). Records per second = {@code records} / the time per operation. Flink's peer is
 * benchmarks/flink's {@code FlinkJobBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class JobThroughputBenchmark {
    @Param({"10000000"})
    public long records;

    @Param({"true", "false"})
    public boolean streaming;

    MiniCluster cluster;

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        cluster = new MiniCluster(2, 2, ShuffleSettings.defaults(Files.createTempDirectory("sluice-bench")));
    }

    @Benchmark
    public JobDetails keyedSum() throws Exception {
        JobDetails result = cluster.run(Jobs.keyedSum(records, streaming), new PipelinedRegionSchedulingStrategyFactory());
        if (result.status() != JobStatus.FINISHED) {
            throw new IllegalStateException("the job ended " + result.status() + ": " + result.failure());
        }
        return result;
    }

    @TearDown(Level.Trial)
    public void stopCluster() {
        cluster.close();
    }
}
