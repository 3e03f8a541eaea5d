package io.sluice.benchmarks;

import io.sluice.api.job.JobGraph;
import io.sluice.executiongraph.ExecutionGraph;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the heap an execution graph retains (JOL walks the object graph), for the benchmark job shapes at
 * the given parallelisms: {@code java -cp benchmarks.jar io.sluice.benchmarks.RetainedHeap 1000 4000 16000}.
 */
public final class RetainedHeap {
    private RetainedHeap() {
    }

    public static void main(String[] args) {
        String[] parallelisms = args.length == 0 ? new String[] {"1000", "4000", "16000"} : args;
        System.out.println("configuration  parallelism  tasks   graph bytes  bytes/task  (job graph excluded)");
        for (JobConfiguration configuration : JobConfiguration.values()) {
            for (String parallelism : parallelisms) {
                JobGraph jobGraph = configuration.jobGraph(Integer.parseInt(parallelism));
                long jobGraphBytes = GraphLayout.parseInstance(jobGraph).totalSize();
                ExecutionGraph graph = ExecutionGraph.build(jobGraph);
                long total = GraphLayout.parseInstance(graph).totalSize() - jobGraphBytes;
                System.out.printf(Locale.ROOT, "%-13s  %11s  %5d  %12d  %10.1f%n", configuration, parallelism,
                        graph.taskCount(), total, (double) total / graph.taskCount());
            }
        }
    }
}
