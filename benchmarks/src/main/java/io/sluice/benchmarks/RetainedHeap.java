package io.sluice.benchmarks;

import io.sluice.api.job.JobGraph;
import io.sluice.executiongraph.ExecutionGraph;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the heap an execution graph retains beyond its job graph, for the benchmark job shapes at the given
 * parallelisms, twice: exactly (JOL walks the object graph) and as the used heap after a full GC, before and
 * after building, which is how benchmarks/flink's FlinkRetainedHeap measures Flink.
 * {@code java -Djol.magicFieldOffset=true -cp benchmarks.jar io.sluice.benchmarks.RetainedHeap 1000 4000 16000}
 */
public final class RetainedHeap {
    private RetainedHeap() {
    }

    public static void main(String[] args) {
        String[] parallelisms = args.length == 0 ? new String[] {"1000", "4000", "16000"} : args;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.println("configuration  parallelism  tasks  JOL bytes  bytes/task  GC-delta bytes  bytes/task");
        for (JobConfiguration configuration : JobConfiguration.values()) {
            for (String parallelism : parallelisms) {
                JobGraph jobGraph = configuration.jobGraph(Integer.parseInt(parallelism));
                long before = usedAfterGc(memory);
                ExecutionGraph graph = ExecutionGraph.build(jobGraph);
                long delta = usedAfterGc(memory) - before;
                long exact = GraphLayout.parseInstance(graph).totalSize() - GraphLayout.parseInstance(jobGraph).totalSize();
                int tasks = graph.taskCount();
                System.out.printf(Locale.ROOT, "%-13s  %11s  %5d  %9d  %10.1f  %14d  %10.1f%n", configuration,
                        parallelism, tasks, exact, (double) exact / tasks, delta, (double) delta / tasks);
            }
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
