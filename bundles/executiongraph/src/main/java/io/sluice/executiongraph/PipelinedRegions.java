package io.sluice.executiongraph;

import io.sluice.api.job.DistributionPattern;
import io.sluice.api.job.JobEdge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Computes the pipelined regions of an execution graph in O(tasks + job edges) time, as Flink 2.1's
 * DefaultExecutionTopology does.
 *
 * <p>First at the job-vertex level: vertices joined by pipelined edges form logical regions. Logical regions that
 * reach each other through blocking edges in both directions are merged; Flink keeps them apart, and then neither
 * can be scheduled before the other has finished. Then each logical region becomes task regions on its own:
 * <ul>
 *   <li>if an all-to-all edge, pipelined or blocking, joins two of its vertices, all its tasks form one region
 *       (FLINK-17330): a pipelined one joins every task anyway, and a blocking one inside a region that pipelined
 *       edges hold together would close cycles of regions waiting for each other;</li>
 *   <li>otherwise tasks joined by pipelined connections form regions, and the regions that reach each other
 *       through the logical region's blocking connections are merged (strongly connected components), so that
 *       the regions can be scheduled one after the other.</li>
 * </ul>
 * A region's blocking inputs are the groups it reads of which some partition is produced in another region; inside
 * a logical region a pointwise group may also hold partitions of the reading region itself.
 *
 * <p>Connections are walked group by group, so an all-to-all edge costs its two parallelisms, not their product; a
 * pointwise group has one producer or one consumer, so it costs its size.
 */
final class PipelinedRegions {
    /** How a region's input relates to other regions: by the job edge, or partition by partition. */
    private static final byte INSIDE = 0;
    private static final byte ACROSS = 1;
    private static final byte BY_PARTITION = 2;

    private final List<PipelinedRegion> regions;

    private PipelinedRegions(List<PipelinedRegion> regions) {
        this.regions = regions;
    }

    List<PipelinedRegion> all() {
        return regions;
    }

    static PipelinedRegions compute(ExecutionGraph graph) {
        List<ExecutionJobVertex> jobVertices = graph.jobVertices();
        int[][] producers = producerPositions(graph, jobVertices);
        UnionFind logical = logicalRegions(jobVertices, producers);
        boolean[] whole = containsAllToAllEdge(jobVertices, producers, logical);

        UnionFind tasks = new UnionFind(graph.taskCount());
        for (int j = 0; j < jobVertices.size(); j++) {
            ExecutionJobVertex consumer = jobVertices.get(j);
            int root = logical.find(j);
            if (whole[root]) {
                int anchor = jobVertices.get(root).firstIndex();
                for (int t = 0; t < consumer.parallelism(); t++) {
                    tasks.union(anchor, consumer.firstIndex() + t);
                }
                continue;
            }
            List<JobEdge> inputs = consumer.jobVertex().inputs();
            for (int input = 0; input < inputs.size(); input++) {
                if (inputs.get(input).source().resultType().isPipelined()) {
                    unionAlongConnections(consumer, input, tasks);
                }
            }
        }
        mergeCyclesOfBlockingConnections(graph, jobVertices, producers, logical, whole, tasks);
        return new PipelinedRegions(buildRegions(graph, tasks, inputKinds(jobVertices, producers, logical)));
    }

    /** Per job vertex and input: the position of the producing job vertex. */
    private static int[][] producerPositions(ExecutionGraph graph, List<ExecutionJobVertex> jobVertices) {
        int[][] producers = new int[jobVertices.size()][];
        for (int j = 0; j < jobVertices.size(); j++) {
            List<JobEdge> inputs = jobVertices.get(j).jobVertex().inputs();
            producers[j] = new int[inputs.size()];
            for (int input = 0; input < inputs.size(); input++) {
                producers[j][input] = graph.jobVertex(inputs.get(input).source().producer().id()).position();
            }
        }
        return producers;
    }

    /** Union-find over job vertices: pipelined edges, then cycles through blocking edges merged. */
    private static UnionFind logicalRegions(List<ExecutionJobVertex> jobVertices, int[][] producers) {
        int count = jobVertices.size();
        UnionFind logical = new UnionFind(count);
        for (int j = 0; j < count; j++) {
            List<JobEdge> inputs = jobVertices.get(j).jobVertex().inputs();
            for (int input = 0; input < inputs.size(); input++) {
                if (inputs.get(input).source().resultType().isPipelined()) {
                    logical.union(producers[j][input], j);
                }
            }
        }
        // region graph over blocking edges, between logical roots
        Edges edges = new Edges();
        for (int j = 0; j < count; j++) {
            for (int producer : producers[j]) {
                int from = logical.find(producer);
                int to = logical.find(j);
                if (from != to) {
                    edges.add(from, to);
                }
            }
        }
        edges.mergeStronglyConnected(count, logical);
        return logical;
    }

    /** Per logical root: whether an all-to-all edge joins two vertices of its region. */
    private static boolean[] containsAllToAllEdge(List<ExecutionJobVertex> jobVertices, int[][] producers,
            UnionFind logical) {
        boolean[] whole = new boolean[jobVertices.size()];
        for (int j = 0; j < jobVertices.size(); j++) {
            List<JobEdge> inputs = jobVertices.get(j).jobVertex().inputs();
            int root = logical.find(j);
            for (int input = 0; input < inputs.size(); input++) {
                if (inputs.get(input).distributionPattern() == DistributionPattern.ALL_TO_ALL
                        && logical.find(producers[j][input]) == root) {
                    whole[root] = true;
                }
            }
        }
        return whole;
    }

    /** Walks each distinct partition group of the consumer's input once, joining its producers and consumers. */
    private static void unionAlongConnections(ExecutionJobVertex consumer, int input, UnionFind tasks) {
        PartitionGroup previous = null;
        for (ExecutionVertex vertex : consumer.vertices()) {
            PartitionGroup group = vertex.getConsumedPartitionGroups().get(input);
            if (group == previous) {
                continue; // consumers of one group are contiguous
            }
            previous = group;
            int anchor = group.partition(0).getProducer().index();
            for (int p = 1; p < group.size(); p++) {
                tasks.union(anchor, group.partition(p).getProducer().index());
            }
            VertexGroup consumers = group.getConsumerVertexGroup();
            for (int c = 0; c < consumers.size(); c++) {
                tasks.union(anchor, consumers.vertex(c).index());
            }
        }
    }

    /**
     * Merges the regions that reach each other through blocking connections inside one logical region without
     * all-to-all edges: every such connection is pointwise, so the region graph has at most one edge per partition
     * or consumer. Connections between logical regions never close a cycle: those are merged already.
     */
    private static void mergeCyclesOfBlockingConnections(ExecutionGraph graph, List<ExecutionJobVertex> jobVertices,
            int[][] producers, UnionFind logical, boolean[] whole, UnionFind tasks) {
        Edges edges = new Edges();
        for (int j = 0; j < jobVertices.size(); j++) {
            int root = logical.find(j);
            if (whole[root]) {
                continue;
            }
            ExecutionJobVertex consumer = jobVertices.get(j);
            List<JobEdge> inputs = consumer.jobVertex().inputs();
            for (int input = 0; input < inputs.size(); input++) {
                boolean blocking = inputs.get(input).source().resultType().isBlocking();
                if (!blocking || logical.find(producers[j][input]) != root) {
                    continue;
                }
                PartitionGroup previous = null;
                for (ExecutionVertex vertex : consumer.vertices()) {
                    PartitionGroup group = vertex.getConsumedPartitionGroups().get(input);
                    if (group == previous) {
                        continue;
                    }
                    previous = group;
                    VertexGroup consumers = group.getConsumerVertexGroup();
                    for (int p = 0; p < group.size(); p++) {
                        int from = tasks.find(group.partition(p).getProducer().index());
                        for (int c = 0; c < consumers.size(); c++) {
                            int to = tasks.find(consumers.vertex(c).index());
                            if (from != to) {
                                edges.add(from, to);
                            }
                        }
                    }
                }
            }
        }
        if (edges.size > 0) {
            edges.mergeStronglyConnected(graph.taskCount(), tasks);
        }
    }

    /** Per job vertex and input: whether it comes from other regions, from its own, or each partition decides. */
    private static byte[][] inputKinds(List<ExecutionJobVertex> jobVertices, int[][] producers, UnionFind logical) {
        byte[][] kinds = new byte[jobVertices.size()][];
        for (int j = 0; j < jobVertices.size(); j++) {
            List<JobEdge> inputs = jobVertices.get(j).jobVertex().inputs();
            kinds[j] = new byte[inputs.size()];
            for (int input = 0; input < inputs.size(); input++) {
                JobEdge edge = inputs.get(input);
                if (edge.source().resultType().isPipelined()) {
                    kinds[j][input] = INSIDE;
                } else if (logical.find(producers[j][input]) != logical.find(j)) {
                    kinds[j][input] = ACROSS;
                } else {
                    // an all-to-all edge made its logical region one region; a pointwise one may connect two of them
                    boolean allToAll = edge.distributionPattern() == DistributionPattern.ALL_TO_ALL;
                    kinds[j][input] = allToAll ? INSIDE : BY_PARTITION;
                }
            }
        }
        return kinds;
    }

    private static List<PipelinedRegion> buildRegions(ExecutionGraph graph, UnionFind tasks, byte[][] inputKinds) {
        int count = graph.taskCount();
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[tasks.find(i)]++;
        }
        PipelinedRegion[] byRoot = new PipelinedRegion[count];
        int[] filled = new int[count];
        List<PipelinedRegion> regions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int root = tasks.find(i);
            PipelinedRegion region = byRoot[root];
            if (region == null) {
                region = new PipelinedRegion(graph, regions.size(), sizes[root]);
                byRoot[root] = region;
                regions.add(region);
            }
            ExecutionVertex vertex = graph.vertex(i);
            region.vertexArray()[filled[root]++] = vertex;
            vertex.setRegion(region);
        }
        List<PartitionGroup> blocking = new ArrayList<>();
        for (PipelinedRegion region : regions) {
            blocking.clear();
            for (ExecutionVertex vertex : region.vertexArray()) {
                byte[] kinds = inputKinds[vertex.jobVertex().position()];
                List<PartitionGroup> groups = vertex.getConsumedPartitionGroups();
                for (int input = 0; input < groups.size(); input++) {
                    PartitionGroup group = groups.get(input);
                    if (kinds[input] != INSIDE && group.listBy(region.getIndex())
                            && (kinds[input] == ACROSS || readsFromOtherRegion(group, region))) {
                        blocking.add(group);
                    }
                }
            }
            region.setBlockingInputs(blocking.toArray(PartitionGroup[]::new));
        }
        return Collections.unmodifiableList(regions);
    }

    /** Whether a partition of the group is produced outside the region; some of them may be produced inside. */
    private static boolean readsFromOtherRegion(PartitionGroup group, PipelinedRegion region) {
        for (int p = 0; p < group.size(); p++) {
            if (group.partition(p).getProducer().region() != region) {
                return true;
            }
        }
        return false;
    }

    /** Directed edges between union-find elements, collected as pairs. */
    private static final class Edges {
        private int[] from = new int[16];
        private int[] to = new int[16];
        private int size;

        void add(int source, int target) {
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
            }
            from[size] = source;
            to[size] = target;
            size++;
        }

        /** Joins the members of every strongly connected component of the graph over elements {@code [0, count)}. */
        void mergeStronglyConnected(int count, UnionFind sets) {
            int[] offsets = new int[count + 1];
            for (int e = 0; e < size; e++) {
                offsets[from[e] + 1]++;
            }
            for (int i = 0; i < count; i++) {
                offsets[i + 1] += offsets[i];
            }
            int[] targets = new int[size];
            int[] next = Arrays.copyOf(offsets, count);
            for (int e = 0; e < size; e++) {
                targets[next[from[e]]++] = to[e];
            }
            int[] component = stronglyConnectedComponents(count, offsets, targets);
            int[] first = new int[count];
            Arrays.fill(first, -1);
            for (int i = 0; i < count; i++) {
                if (first[component[i]] < 0) {
                    first[component[i]] = i;
                } else {
                    sets.union(first[component[i]], i);
                }
            }
        }
    }

    /**
     * Tarjan's algorithm without recursion over a graph in compressed rows (the successors of node n are
     * {@code targets[offsets[n] .. offsets[n + 1])}); returns each node's component number.
     */
    private static int[] stronglyConnectedComponents(int count, int[] offsets, int[] targets) {
        int[] index = new int[count];
        int[] low = new int[count];
        int[] component = new int[count];
        boolean[] onStack = new boolean[count];
        int[] stack = new int[count];
        int[] callNode = new int[count];
        int[] callEdge = new int[count];
        Arrays.fill(index, -1);
        int stackSize = 0;
        int counter = 0;
        int components = 0;
        for (int start = 0; start < count; start++) {
            if (index[start] != -1) {
                continue;
            }
            index[start] = low[start] = counter++;
            stack[stackSize++] = start;
            onStack[start] = true;
            callNode[0] = start;
            callEdge[0] = offsets[start];
            int depth = 1;
            while (depth > 0) {
                int node = callNode[depth - 1];
                if (callEdge[depth - 1] < offsets[node + 1]) {
                    int successor = targets[callEdge[depth - 1]++];
                    if (index[successor] == -1) {
                        index[successor] = low[successor] = counter++;
                        stack[stackSize++] = successor;
                        onStack[successor] = true;
                        callNode[depth] = successor;
                        callEdge[depth] = offsets[successor];
                        depth++;
                    } else if (onStack[successor]) {
                        low[node] = Math.min(low[node], index[successor]);
                    }
                    continue;
                }
                depth--;
                if (depth > 0) {
                    int parent = callNode[depth - 1];
                    low[parent] = Math.min(low[parent], low[node]);
                }
                if (low[node] == index[node]) {
                    int member;
                    do {
                        member = stack[--stackSize];
                        onStack[member] = false;
                        component[member] = components;
                    } while (member != node);
                    components++;
                }
            }
        }
        return component;
    }

    /** Union-find with path halving and union by size. */
    static final class UnionFind {
        private final int[] parent;
        private final int[] size;

        UnionFind(int count) {
            parent = new int[count];
            size = new int[count];
            for (int i = 0; i < count; i++) {
                parent[i] = i;
                size[i] = 1;
            }
        }

        int find(int element) {
            int current = element;
            while (parent[current] != current) {
                parent[current] = parent[parent[current]];
                current = parent[current];
            }
            return current;
        }

        void union(int a, int b) {
            int rootA = find(a);
            int rootB = find(b);
            if (rootA == rootB) {
                return;
            }
            if (size[rootA] < size[rootB]) {
                int swap = rootA;
                rootA = rootB;
                rootB = swap;
            }
            parent[rootB] = rootA;
            size[rootA] += size[rootB];
        }
    }
}
