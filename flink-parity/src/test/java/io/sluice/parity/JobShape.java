package io.sluice.parity;

import io.sluice.api.job.DistributionPattern;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A job topology built the same way for Sluice and for Flink: vertices {@code v0 .. vN} with their parallelism,
 * edges from a lower to a higher vertex number (so every shape is a DAG), and the seed that picks which blocking
 * partitions are lost in the failover checks.
 */
record JobShape(List<Integer> parallelisms, List<Edge> edges, long lossSeed) {

    record Edge(int from, int to, PartitionerKind partitioner, ResultPartitionType type) {
        @Override
        public String toString() {
            return name(from) + " -" + partitioner.externalName() + "," + type.name().toLowerCase(Locale.ROOT) + "-> "
                    + name(to);
        }
    }

    /** An edge as drawn: two free numbers folded onto the vertices, so that any list shrinks to a valid shape. */
    record Draw(int a, int b, PartitionerKind partitioner, ResultPartitionType type) {
    }

    /** Motif edges as {from, to, 1 if pipelined}. */
    private static final List<int[]> TRIANGLE_EDGES = List.of(new int[] {0, 1, 1}, new int[] {1, 2, 0},
            new int[] {0, 2, 1});
    private static final List<int[]> CYCLE_EDGES = List.of(new int[] {0, 2, 1}, new int[] {1, 3, 1},
            new int[] {0, 3, 1}, new int[] {2, 3, 0}, new int[] {1, 2, 0});

    /**
     * Edges a shape may start with, all rescale: random shapes seldom have the structures that a pointwise blocking
     * edge inside a logical region (vertices joined by pipelined edges) makes interesting.
     */
    enum Motif {
        NONE(List.of(), null),
        /** Issue 10's: with v0(2), v1(3), v2(2) a blocking connection joins two regions, one way. */
        TRIANGLE(TRIANGLE_EDGES, null),
        TRIANGLE_2_3_2(TRIANGLE_EDGES, List.of(2, 3, 2)),
        /** With v0(3), v1(4), v2(2), v3(3) the two regions of pipelined connections reach each other. */
        CYCLE(CYCLE_EDGES, null),
        CYCLE_3_4_2_3(CYCLE_EDGES, List.of(3, 4, 2, 3));

        private final List<int[]> edges;
        /** The parallelisms of its first vertices, or null to keep the drawn ones. */
        private final List<Integer> parallelisms;

        Motif(List<int[]> edges, List<Integer> parallelisms) {
            this.edges = edges;
            this.parallelisms = parallelisms;
        }
    }

    /**
     * With {@code pointwiseOnly}, hash becomes rescale and rebalance forward. Sluice allows forward only between
     * equal parallelisms; between different ones it becomes rescale.
     */
    static JobShape of(List<Integer> parallelisms, List<Draw> draws, Motif motif, boolean pointwiseOnly,
            long lossSeed) {
        int count = parallelisms.size();
        if (motif.parallelisms != null && count >= motif.parallelisms.size()) {
            List<Integer> fixed = new ArrayList<>(motif.parallelisms);
            fixed.addAll(parallelisms.subList(fixed.size(), count));
            parallelisms = fixed;
        }
        List<Edge> edges = new ArrayList<>();
        for (int[] edge : motif.edges) {
            if (edge[1] < count) {
                edges.add(new Edge(edge[0], edge[1], PartitionerKind.RESCALE,
                        edge[2] == 1 ? ResultPartitionType.PIPELINED : ResultPartitionType.BLOCKING));
            }
        }
        for (Draw draw : draws) {
            int a = Math.floorMod(draw.a(), count);
            int b = Math.floorMod(draw.b(), count);
            if (a == b) {
                continue;
            }
            int from = Math.min(a, b);
            int to = Math.max(a, b);
            PartitionerKind partitioner = draw.partitioner();
            if (pointwiseOnly && partitioner.distributionPattern() == DistributionPattern.ALL_TO_ALL) {
                partitioner = partitioner == PartitionerKind.HASH ? PartitionerKind.RESCALE : PartitionerKind.FORWARD;
            }
            if (partitioner == PartitionerKind.FORWARD && !parallelisms.get(from).equals(parallelisms.get(to))) {
                partitioner = PartitionerKind.RESCALE;
            }
            edges.add(new Edge(from, to, partitioner, draw.type()));
        }
        return new JobShape(List.copyOf(parallelisms), List.copyOf(edges), lossSeed);
    }

    static String name(int vertex) {
        return "v" + vertex;
    }

    JobGraph sluiceJobGraph() {
        JobGraph.Builder builder = JobGraph.builder("parity");
        for (int v = 0; v < parallelisms.size(); v++) {
            builder.vertex(name(v), "identity", parallelisms.get(v));
        }
        for (Edge edge : edges) {
            builder.connect(name(edge.from()), name(edge.to()), edge.partitioner(), edge.type());
        }
        return builder.build();
    }

    /** Whether partition {@code partition} of edge {@code edge} is lost: about a third of the blocking ones. */
    boolean lost(int edge, int partition) {
        if (edges.get(edge).type() != ResultPartitionType.BLOCKING) {
            return false;
        }
        return new Random(lossSeed * 1_000_003L + edge * 101L + partition).nextInt(3) == 0;
    }

    /** Every task as {@code vN#i}. */
    List<String> tasks() {
        List<String> tasks = new ArrayList<>();
        for (int v = 0; v < parallelisms.size(); v++) {
            for (int i = 0; i < parallelisms.get(v); i++) {
                tasks.add(name(v) + "#" + i);
            }
        }
        return tasks;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int v = 0; v < parallelisms.size(); v++) {
            text.append(v == 0 ? "" : ", ").append(name(v)).append('(').append(parallelisms.get(v)).append(')');
        }
        text.append(edges.stream().map(Edge::toString).collect(Collectors.joining("; ", " | ", "")));
        return text.append(" | loss seed ").append(lossSeed).toString();
    }
}
