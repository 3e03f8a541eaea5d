package io.sluice.anchors.flink;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
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
 * Flink's peer of Sluice's FailureRecoveryBenchmark: keyed-sum-streaming with an endless source, parallelism 2,
 * region failover (Flink's default) and a fixed-delay restart strategy without delay; timed is subtask 0's first
 * attempt failing until every task is RUNNING again in a new attempt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
public class FlinkFailureRecoveryBenchmark {
    static volatile CountDownLatch holding;
    static volatile CountDownLatch fire;

    private MiniCluster cluster;
    private JobID job;

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        cluster = FlinkJobs.startCluster();
    }

    @Setup(Level.Invocation)
    public void runUntilTheFailureIsArmed() throws Exception {
        holding = new CountDownLatch(1);
        fire = new CountDownLatch(1);
        job = cluster.submitJob(job()).get().getJobID();
        if (!holding.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the failing task never got a record");
        }
        while (running(0) < 4) {
            LockSupport.parkNanos(100_000);
        }
    }

    static JobGraph job() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        env.fromSequence(0, 1_000_000_000_000L).map(new FlinkJobs.ToPair()).map(new Trigger())
                .keyBy(new FlinkJobs.FirstField()).sum(1).sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    /** Tasks RUNNING in an attempt at least {@code attempt}. */
    private int running(int attempt) throws Exception {
        int running = 0;
        for (AccessExecutionVertex vertex : cluster.getExecutionGraph(job).get().getAllExecutionVertices()) {
            if (vertex.getExecutionState() == ExecutionState.RUNNING
                    && vertex.getCurrentExecutionAttempt().getAttemptNumber() >= attempt) {
                running++;
            }
        }
        return running;
    }

    @Benchmark
    public int failureUntilReplacementRunning() throws Exception {
        fire.countDown();
        int running;
        while ((running = running(1)) < 4) {
            LockSupport.parkNanos(20_000);
        }
        return running;
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

    /** Identity, except that the first attempt of subtask 0 holds its first record until fired, then fails. */
    static final class Trigger extends RichMapFunction<Tuple2<Long, Long>, Tuple2<Long, Long>> {
        @Override
        public Tuple2<Long, Long> map(Tuple2<Long, Long> pair) throws Exception {
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                holding.countDown();
                fire.await();
                throw new IllegalStateException("injected failure");
            }
            return pair;
        }
    }
}
