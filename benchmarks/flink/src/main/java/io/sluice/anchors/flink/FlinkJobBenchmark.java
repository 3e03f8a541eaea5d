package io.sluice.anchors.flink;

import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.minicluster.MiniCluster;
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

/** Flink's peer of Sluice's JobThroughputBenchmark: the same keyed sums on a MiniCluster of 2 x 2 slots. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class FlinkJobBenchmark {
    @Param({"10000000"})
    public long records;

    @Param({"true", "false"})
    public boolean streaming;

    private MiniCluster cluster;

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        cluster = FlinkJobs.startCluster();
    }

    @Benchmark
    public Object keyedSum() throws Exception {
        return cluster.executeJobBlocking(FlinkJobs.keyedSum(records, streaming));
    }

    @TearDown(Level.Trial)
    public void stopCluster() throws Exception {
        cluster.close();
    }
}
