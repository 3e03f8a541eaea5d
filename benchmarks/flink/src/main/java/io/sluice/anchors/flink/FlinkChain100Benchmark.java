package io.sluice.anchors.flink;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
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
 * Flink's peer of Sluice's Chain100DeploymentBenchmark: chain100 from submission until all 100 tasks are
 * RUNNING, on a MiniCluster of 2 x 2 slots; cancelled untimed after each measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
public class FlinkChain100Benchmark {
    private MiniCluster cluster;
    private JobID job;
    private JobGraph graph;

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        cluster = FlinkJobs.startCluster();
    }

    @Setup(Level.Invocation)
    public void compile() {
        graph = FlinkJobs.chain100(); // compiled untimed: Sluice's timed part starts from a JobGraph too
    }

    @Benchmark
    public int submitUntilAllRunning() throws Exception {
        job = cluster.submitJob(graph).get().getJobID();
        while (true) {
            int running = 0;
            for (AccessExecutionVertex vertex : cluster.getExecutionGraph(job).get().getAllExecutionVertices()) {
                if (vertex.getExecutionState() == ExecutionState.RUNNING) {
                    running++;
                }
            }
            if (running == 100) {
                return running;
            }
            LockSupport.parkNanos(1_000_000); // polled every millisecond on both sides, so polling costs little
        }
    }

    @TearDown(Level.Invocation)
    public void cancel() throws Exception {
        cluster.cancelJob(job).get();
        cluster.requestJobResult(job).get(60, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void stopCluster() throws Exception {
        cluster.close();
    }
}
