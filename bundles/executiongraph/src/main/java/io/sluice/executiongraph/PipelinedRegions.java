package io.sluice.executiongraph;

import io.sluice.api.job.JobEdge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Computes the pipelined regions of an execution graph in O(tasks + job edges) time.
 *
 * <p>First at the job-vertex level: vertices joined by pipelined edges form logical regions, and logical
 * regions that reach each other through blocking edges in both directions are merged (as Flink merges
 * cycles), so that the region graph stays acyclic. Then at the task level, with union-find: tasks are
 * joined along every pipelined connection and along blocking connections inside one logical region.
 * Connections are walked group by group, so an all-to-all edge costs its two parallelisms, not their
 * product.
 */
final class PipelinedRegions {
    private final List<PipelinedRegion> regions;

    private PipelinedRegions(List<PipelinedRegion> regions) {
        this.regions = regions;
    }

    List<PipelinedRegion> all() {
        return regions;
    }

    static PipelinedRegions compute(ExecutionGraph graph) {
        List<ExecutionJobVertex> jobVertices = graph.jobVertices();
        UnionFind logical = logicalRegions(graph, jobVertices);

        UnionFind tasks = new UnionFind(graph.taskCount());
        for (int j = 0; j < jobVertices.size(); j++) {
            ExecutionJobVertex consumer = jobVertices.get(j);
            List<JobEdge> inputs = consumer.jobVertex().inputs();
            for (int input = 0; input < inputs.size(); input++) {
                JobEdge edge = inputs.get(input);
                int producer = graph.jobVertex(edge.source().producer().id()).position();
                if (joins(edge, logical, producer, j)) {
                    unionAlongConnections(consumer, input, tasks);
                }
            }
        }
        return new PipelinedRegions(buildRegions(graph, tasks, logical, jobVertices));
    }

    /** Whether the tasks at both ends of the edge belong to one region. */
    private static boolean joins(JobEdge edge, UnionFind logical, int producer, int consumer) {
        return edge.source().resultType().isPipelined() || logical.find(producer) == logical.find(consumer);
    }

    /** Union-find over job vertices: pipelined edges, then cycles through blocking edges merged. */
    private static UnionFind logicalRegions(ExecutionGraph graph, List<ExecutionJobVertex> jobVertices) {
        int count = jobVertices.size();
        UnionFind logical = new UnionFind(count);
        for (int j = 0; j < count; j++) {
            for (JobEdge edge : jobVertices.get(j).jobVertex().inputs()) {
                if (edge.source().resultType().isPipelined()) {
                    logical.union(graph.jobVertex(edge.source().producer().id()).position(), j);
                }
            }
        }
        // region graph over blocking edges, between logical roots; merge its strongly connected components
        List<List<Integer>> successors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            successors.add(new ArrayList<>());
        }
        for (int j = 0; j < count; j++) {
            for (JobEdge edge : jobVertices.get(j).jobVertex().inputs()) {
                int from = logical.find(graph.jobVertex(edge.source().producer().id()).position());
                int to = logical.find(j);
                if (from != to) {
                    successors.get(from).add(to);
                }
            }
        }
        for (int[] component : stronglyConnectedComponents(successors)) {
            for (int member : component) {
                logical.union(component[0], member);
            }
        }
        return logical;
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

    private static List<PipelinedRegion> buildRegions(ExecutionGraph graph, UnionFind tasks, UnionFind logical,
            List<ExecutionJobVertex> jobVertices) {
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
        boolean[][] crossesRegions = crossRegionInputs(graph, jobVertices, logical);
        List<PartitionGroup> blocking = new ArrayList<>();
        for (PipelinedRegion region : regions) {
            blocking.clear();
            for (ExecutionVertex vertex : region.vertexArray()) {
                boolean[] crosses = crossesRegions[vertex.jobVertex().position()];
                List<PartitionGroup> groups = vertex.getConsumedPartitionGroups();
                for (int input = 0; input < groups.size(); input++) {
                    PartitionGroup group = groups.get(input);
                    if (crosses[input] && group.listBy(region.getIndex())) {
                        blocking.add(group);
                    }
                }
            }
            region.setBlockingInputs(blocking.toArray(PartitionGroup[]::new));
        }
        return Collections.unmodifiableList(regions);
    }

    /** Per job vertex and input: whether that input comes from another region (blocking, not joined). */
    private static boolean[][] crossRegionInputs(ExecutionGraph graph, List<ExecutionJobVertex> jobVertices,
            UnionFind logical) {
        boolean[][] crosses = new boolean[jobVertices.size()][];
        for (int j = 0; j < jobVertices.size(); j++) {
            List<JobEdge> inputs = jobVertices.get(j).jobVertex().inputs();
            crosses[j] = new boolean[inputs.size()];
            for (int input = 0; input < inputs.size(); input++) {
                JobEdge edge = inputs.get(input);
                crosses[j][input] = !joins(edge, logical, graph.jobVertex(edge.source().producer().id()).position(), j);
            }
        }
        return crosses;
    }

    /** Tarjan's algorithm without recursion; returns components with more than one member. */
    private static List<int[]> stronglyConnectedComponents(List<List<Integer>> successors) {
        int count = successors.size();
        int[] index = new int[count];
        int[] low = new int[count];
        boolean[] onStack = new boolean[count];
        Arrays.fill(index, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        List<int[]> components = new ArrayList<>();
        int counter = 0;
        for (int start = 0; start < count; start++) {
            if (index[start] != -1) {
                continue;
            }
            Deque<int[]> work = new ArrayDeque<>(); // {node, next successor position}
            work.push(new int[] {start, 0});
            index[start] = low[start] = counter++;
            stack.push(start);
            onStack[start] = true;
            while (!work.isEmpty()) {
                int[] frame = work.peek();
                int node = frame[0];
                List<Integer> next = successors.get(node);
                if (frame[1] < next.size()) {
                    int successor = next.get(frame[1]++);
                    if (index[successor] == -1) {
                        index[successor] = low[successor] = counter++;
                        stack.push(successor);
                        onStack[successor] = true;
                        work.push(new int[] {successor, 0});
                    } else if (onStack[successor]) {
                        low[node] = Math.min(low[node], index[successor]);
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    int parent = work.peek()[0];
                    low[parent] = Math.min(low[parent], low[node]);
                }
                if (low[node] == index[node]) {
                    List<Integer> members = new ArrayList<>();
                    int member;
                    do {
                        member = stack.pop();
                        onStack[member] = false;
                        members.add(member);
                    } while (member != node);
                    if (members.size() > 1) {
                        components.add(members.stream().mapToInt(Integer::intValue).toArray());
                    }
                }
            }
        }
        return components;
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
