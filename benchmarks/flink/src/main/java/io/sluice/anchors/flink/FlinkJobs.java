package io.sluice.anchors.flink;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Sluice's benchmark jobs (benchmarks/.../Jobs.java) written with Flink's DataStream API. */
final class FlinkJobs {
    static final int KEYS = 1024;

    private FlinkJobs() {
    }

    /** A MiniCluster of 2 TaskManagers x 2 slots, like Sluice's benchmark cluster. */
    static MiniCluster startCluster() throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(configuration)
                .setNumTaskManagers(2).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        return cluster;
    }

    /**
     * sequence 0..records-1 → (x mod 1024, x) → keyBy → sum → discard, parallelism 2. Streaming: a rolling sum
     * over pipelined exchanges; batch (RuntimeExecutionMode.BATCH): final sums over blocking exchanges.
     */
    static JobGraph keyedSum(long records, boolean streaming) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
        env.fromSequence(0, records - 1).map(new ToPair()).keyBy(new FirstField()).sum(1)
                .sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    /** An endless source of parallelism 4, 23 identity maps and a sink, chaining off: 100 tasks. */
    static JobGraph chain100() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(4);
        env.disableOperatorChaining();
        DataStream<Long> stream = env.fromSequence(0, Long.MAX_VALUE - 1);
        for (int i = 0; i < 23; i++) {
            stream = stream.map(new Identity());
        }
        stream.sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    /**
     * An endless sequence → discard of parallelism 2, chained into one vertex: Sluice's failover job in
     * SluiceClusterBenchmark; two tasks that fit one TaskManager of 2 slots.
     */
    static JobGraph endless() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(0, Long.MAX_VALUE - 1).sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    static final class ToPair implements MapFunction<Long, Tuple2<Long, Long>> {
        @Override
        public Tuple2<Long, Long> map(Long x) {
            return Tuple2.of(x % KEYS, x);
        }
    }

    static final class FirstField implements KeySelector<Tuple2<Long, Long>, Long> {
        @Override
        public Long getKey(Tuple2<Long, Long> pair) {
            return pair.f0;
        }
    }

    static final class Identity implements MapFunction<Long, Long> {
        @Override
        public Long map(Long x) {
            return x;
        }
    }
}
