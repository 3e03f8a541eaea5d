package io.sluice.transport.internal;

import com.fasterxml.jackson.databind.util.StdConverter;
import io.sluice.api.job.CoLocationGroup;
import io.sluice.api.job.IntermediateDataSet;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JobGraph as plain records on the wire: its vertices in order and its edges; the receiver builds the graph
 * again through {@link JobGraph#builder}, which checks it as any submitted graph is checked.
 */
record JobGraphWire(String name, Map<String, String> config, List<Vertex> vertices, List<Edge> edges) {

    record Vertex(String id, List<OperatorSpec> operators, int parallelism, String slotSharingGroup,
            String coLocationGroup, ResourceProfile resources) {
    }

    record Edge(String from, String to, PartitionerKind partitioner, ResultPartitionType type) {
    }

    static final class ToWire extends StdConverter<JobGraph, JobGraphWire> {
        @Override
        public JobGraphWire convert(JobGraph graph) {
            List<Vertex> vertices = new ArrayList<>();
            List<Edge> edges = new ArrayList<>();
            for (JobVertex vertex : graph.vertices()) {
                vertices.add(new Vertex(vertex.id().value(), vertex.operators(), vertex.parallelism(),
                        vertex.slotSharingGroup().name(),
                        vertex.coLocationGroup() == null ? null : vertex.coLocationGroup().name(), vertex.resources()));
                for (IntermediateDataSet produced : vertex.producedDataSets()) {
                    edges.add(new Edge(vertex.id().value(), produced.consumer().target().id().value(),
                            produced.consumer().partitioner(), produced.resultType()));
                }
            }
            return new JobGraphWire(graph.name(), graph.config(), vertices, edges);
        }
    }

    static final class FromWire extends StdConverter<JobGraphWire, JobGraph> {
        @Override
        public JobGraph convert(JobGraphWire wire) {
            JobGraph.Builder builder = JobGraph.builder(wire.name()).config(wire.config());
            for (Vertex vertex : wire.vertices()) {
                builder.vertex(vertex.id(), vertex.operators(), vertex.parallelism(),
                        new SlotSharingGroup(vertex.slotSharingGroup()),
                        vertex.coLocationGroup() == null ? null : new CoLocationGroup(vertex.coLocationGroup()),
                        vertex.resources());
            }
            for (Edge edge : wire.edges()) {
                builder.connect(edge.from(), edge.to(), edge.partitioner(), edge.type());
            }
            return builder.build();
        }
    }
}
