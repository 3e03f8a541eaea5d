package io.sluice.rpc.gateway;

import io.sluice.api.job.JobEdge;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobVertex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a job is made of, for status pages: its job vertices, the edges between them, and its pipelined regions at
 * the level of job vertices (Flink's logical pipelined regions: the vertices joined by pipelined edges). A pointwise
 * pipelined edge splits a logical region into several regions of tasks; {@code taskRegions} counts those.
 *
 * @param regions the job vertex ids of each logical region, in the order of the vertices' first appearance
 */
public record JobPlan(JobId job, String name, List<Vertex> vertices, List<Edge> edges, List<List<String>> regions) {
    public JobPlan {
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
        regions = regions.stream().map(List::copyOf).toList();
    }

    /** A job vertex: the operators chained into it, its parallelism and its slot sharing group. */
    public record Vertex(String id, List<String> operators, int parallelism, String slotSharingGroup) {
        public Vertex {
            operators = List.copyOf(operators);
        }
    }

    /**
     * One input of a job vertex.
     *
     * @param partitioner as job files name it ({@code hash}, {@code forward}, ...)
     * @param exchange {@code pipelined} or {@code blocking}
     * @param pattern {@code POINTWISE} or {@code ALL_TO_ALL}
     */
    public record Edge(String from, String to, String partitioner, String exchange, String pattern) {
    }

    /** The plan of a compiled job. */
    public static JobPlan of(JobId id, JobGraph job) {
        List<Vertex> vertices = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        Map<String, String> parent = new HashMap<>();
        for (JobVertex vertex : job.vertices()) {
            String vertexId = vertex.id().value();
            parent.put(vertexId, vertexId);
            vertices.add(new Vertex(vertexId, vertex.operators().stream().map(operator -> operator.id()).toList(),
                    vertex.parallelism(), vertex.slotSharingGroup().name()));
        }
        for (JobVertex vertex : job.vertices()) {
            for (JobEdge edge : vertex.inputs()) {
                String from = edge.source().producer().id().value();
                edges.add(new Edge(from, vertex.id().value(), edge.partitioner().externalName(),
                        edge.source().resultType().name().toLowerCase(Locale.ROOT), edge.distributionPattern().name()));
                if (edge.source().resultType().isPipelined()) {
                    parent.put(root(parent, from), root(parent, vertex.id().value()));
                }
            }
        }
        Map<String, List<String>> regions = new LinkedHashMap<>();
        for (Vertex vertex : vertices) {
            regions.computeIfAbsent(root(parent, vertex.id()), r -> new ArrayList<>()).add(vertex.id());
        }
        return new JobPlan(id, job.name(), vertices, edges, new ArrayList<>(regions.values()));
    }

    private static String root(Map<String, String> parent, String vertex) {
        String current = vertex;
        while (!parent.get(current).equals(current)) {
            current = parent.get(current);
        }
        parent.put(vertex, current); // shortens the next walk from here
        return current;
    }
}
