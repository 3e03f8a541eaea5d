package io.sluice.anchors.flink;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import org.apache.flink.runtime.scheduler.benchmark.JobConfiguration;
import org.apache.flink.runtime.scheduler.benchmark.topology.BuildExecutionGraphBenchmark;

/**
 * Heap retained by attaching the job graph to Flink's execution graph (BuildExecutionGraphBenchmark's timed
 * step), measured as used heap after a full GC, before and after; Sluice's RetainedHeap --gc measures the
 * same way. {@code java -cp flink-benchmarks.jar io.sluice.anchors.flink.FlinkRetainedHeap}
 */
public final class FlinkRetainedHeap {
    private FlinkRetainedHeap() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.println("configuration  tasks  retained bytes  bytes/task");
        for (String name : new String[] {"STREAMING", "BATCH"}) {
            JobConfiguration configuration = JobConfiguration.valueOf(name);
            BuildExecutionGraphBenchmark benchmark = new BuildExecutionGraphBenchmark();
            benchmark.setup(configuration);
            long before = usedAfterGc(memory);
            benchmark.buildTopology();
            long after = usedAfterGc(memory);
            int tasks = 2 * configuration.getParallelism();
            System.out.printf(Locale.ROOT, "%-13s  %5d  %14d  %10.1f%n", name, tasks, after - before,
                    (double) (after - before) / tasks);
            benchmark.teardown();
        }
    }

    static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
