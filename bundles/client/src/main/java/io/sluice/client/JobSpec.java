package io.sluice.client;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job as the user described it, before validation and chaining: operators, edges and the job's
 * configuration flattened to dotted keys ({@code restart.strategy}, {@code chaining}, ...).
 */
public record JobSpec(String name, Map<String, String> config, List<Operator> operators, List<Edge> edges) {

    public JobSpec {
        Objects.requireNonNull(name, "name");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config)); // keeps the file's order
        operators = List.copyOf(operators);
        edges = List.copyOf(edges);
    }

    /** Whether {@link JobGraph#CHAINING} is not exactly {@code false}; the JobMaster's checks reject other values. */
    public boolean chainingEnabled() {
        return !"false".equals(config.get(JobGraph.CHAINING));
    }

    /** One operator: a type provided by an operator bundle, with its parameters and placement. */
    public record Operator(String id, String type, int parallelism, Map<String, Object> params,
            String slotSharingGroup, String coLocationGroup, ResourceProfile resources) {
        public Operator {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            params = Map.copyOf(params);
            Objects.requireNonNull(slotSharingGroup, "slotSharingGroup");
            Objects.requireNonNull(resources, "resources");
        }

        public Operator(String id, String type, int parallelism) {
            this(id, type, parallelism, Map.of(), "default", null, ResourceProfile.UNKNOWN);
        }
    }

    /**
     * A connection between two operators. A {@code null} partitioner means Flink's default: forward between
     * equal parallelisms, rebalance otherwise.
     */
    public record Edge(String from, String to, PartitionerKind partitioner, ResultPartitionType exchange) {
        public Edge {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(exchange, "exchange");
        }
    }
}
