package io.sluice.api.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A compiled job: job vertices in topological order (producers before consumers) and the job's
 * configuration as flat keys ({@code scheduler}, {@code failover}, {@code restart.strategy},
 * {@code restart.attempts}, ...). Build one with {@link #builder(String)}; the builder checks the
 * structural rules and names the job and the element in every error.
 */
public final class JobGraph {
    /** The highest parallelism of a vertex: Flink's upper bound for max parallelism (2^15). */
    public static final int MAX_PARALLELISM = 1 << 15;
    /**
     * The config key that turns operator chaining off with exactly {@code false}; {@code true}, the default, keeps
     * it on, and any other value is an error. Here so that the client, which chains, and the JobMaster's checks,
     * which reject other values, share it.
     */
    public static final String CHAINING = "chaining";

    private final String name;
    private final Map<String, String> config;
    private final List<JobVertex> vertices;
    private final Map<JobVertexId, JobVertex> byId;

    private JobGraph(String name, Map<String, String> config, List<JobVertex> vertices) {
        this.name = name;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.vertices = List.copyOf(vertices);
        Map<JobVertexId, JobVertex> index = new HashMap<>();
        for (JobVertex vertex : vertices) {
            index.put(vertex.id(), vertex);
        }
        this.byId = index;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public Map<String, String> config() {
        return config;
    }

    /** Job vertices in topological order: every producer comes before its consumers. */
    public List<JobVertex> vertices() {
        return vertices;
    }

    /** The vertex with this id, or {@code null}. */
    public JobVertex vertex(JobVertexId id) {
        return byId.get(id);
    }

    public int taskCount() {
        int tasks = 0;
        for (JobVertex vertex : vertices) {
            tasks += vertex.parallelism();
        }
        return tasks;
    }

    @Override
    public String toString() {
        return "JobGraph '" + name + "' " + vertices;
    }

    /** Assembles a job graph vertex by vertex and edge by edge. Not thread-safe; use once. */
    public static final class Builder {
        private final String jobName;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<JobVertexId, JobVertex> vertices = new LinkedHashMap<>();
        private final Set<IntermediateDataSetId> dataSetIds = new HashSet<>();
        private boolean built;

        private Builder(String jobName) {
            this.jobName = Objects.requireNonNull(jobName, "jobName");
        }

        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder config(Map<String, String> entries) {
            config.putAll(entries);
            return this;
        }

        /** Adds a vertex of one operator, in the default slot sharing group, without declared resources. */
        public Builder vertex(String id, String operatorType, int parallelism) {
            return vertex(id, List.of(new OperatorSpec(id, operatorType)), parallelism, SlotSharingGroup.DEFAULT,
                    null, ResourceProfile.UNKNOWN);
        }

        public Builder vertex(String id, List<OperatorSpec> operators, int parallelism,
                SlotSharingGroup slotSharingGroup, CoLocationGroup coLocationGroup, ResourceProfile resources) {
            JobVertexId vertexId = new JobVertexId(id);
            if (vertices.containsKey(vertexId)) {
                throw new JobValidationException(jobName, "duplicate vertex id '" + id + "'");
            }
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new JobValidationException(jobName, "vertex '" + id + "' has parallelism " + parallelism
                        + " (must be from 1 to " + MAX_PARALLELISM + ")");
            }
            if (operators.isEmpty()) {
                throw new JobValidationException(jobName, "vertex '" + id + "' has no operator");
            }
            vertices.put(vertexId, new JobVertex(vertexId, operators, parallelism,
                    Objects.requireNonNull(slotSharingGroup, "slotSharingGroup"), coLocationGroup,
                    Objects.requireNonNull(resources, "resources")));
            return this;
        }

        /** Connects {@code from} to {@code to}; the partitioner decides POINTWISE or ALL_TO_ALL. */
        public Builder connect(String from, String to, PartitionerKind partitioner, ResultPartitionType type) {
            JobVertex producer = require(from, "edge " + from + " -> " + to);
            JobVertex consumer = require(to, "edge " + from + " -> " + to);
            if (producer == consumer) {
                throw new JobValidationException(jobName, "edge " + from + " -> " + to + " connects a vertex to itself");
            }
            if (partitioner == PartitionerKind.FORWARD && producer.parallelism() != consumer.parallelism()) {
                throw new JobValidationException(jobName, "edge " + from + " -> " + to
                        + " is forward between different parallelisms (" + producer.parallelism() + " and "
                        + consumer.parallelism() + "); use rescale, rebalance or hash");
            }
            IntermediateDataSetId dataSetId = uniqueDataSetId(from + "->" + to);
            IntermediateDataSet dataSet = new IntermediateDataSet(dataSetId, producer, type);
            JobEdge edge = new JobEdge(dataSet, consumer, partitioner);
            dataSet.setConsumer(edge);
            producer.addProduced(dataSet);
            consumer.addInput(edge);
            return this;
        }

        /**
         * {@code from->to}, with {@code @n} appended while taken: vertex ids may themselves contain "->" or "@", so
         * two edges could otherwise be given one data set and be wired together.
         */
        private IntermediateDataSetId uniqueDataSetId(String name) {
            IntermediateDataSetId id = new IntermediateDataSetId(name);
            for (int n = 1; !dataSetIds.add(id); n++) {
                id = new IntermediateDataSetId(name + "@" + n);
            }
            return id;
        }

        private JobVertex require(String id, String where) {
            JobVertex vertex = vertices.get(new JobVertexId(id));
            if (vertex == null) {
                throw new JobValidationException(jobName, where + " refers to unknown vertex '" + id + "'");
            }
            return vertex;
        }

        public JobGraph build() {
            if (built) {
                throw new IllegalStateException("builder of job '" + jobName + "' was already used");
            }
            built = true;
            if (vertices.isEmpty()) {
                throw new JobValidationException(jobName, "the job has no vertex");
            }
            checkCoLocation();
            return new JobGraph(jobName, config, topologicalOrder());
        }

        private void checkCoLocation() {
            Map<CoLocationGroup, JobVertex> first = new HashMap<>();
            for (JobVertex vertex : vertices.values()) {
                CoLocationGroup group = vertex.coLocationGroup();
                if (group == null) {
                    continue;
                }
                JobVertex other = first.putIfAbsent(group, vertex);
                if (other == null) {
                    continue;
                }
                if (other.parallelism() != vertex.parallelism()) {
                    throw new JobValidationException(jobName, "co-location group '" + group.name() + "' mixes parallelism "
                            + other.parallelism() + " ('" + other.id() + "') and " + vertex.parallelism() + " ('"
                            + vertex.id() + "'); co-located vertices need equal parallelism");
                }
                if (!other.slotSharingGroup().equals(vertex.slotSharingGroup())) {
                    throw new JobValidationException(jobName, "co-location group '" + group.name()
                            + "' spans slot sharing groups '" + other.slotSharingGroup().name() + "' ('" + other.id()
                            + "') and '" + vertex.slotSharingGroup().name() + "' ('" + vertex.id()
                            + "'); co-located vertices must share a slot sharing group");
                }
            }
        }

        /** Kahn's algorithm, stable with respect to insertion order; a leftover vertex means a cycle. */
        private List<JobVertex> topologicalOrder() {
            Map<JobVertex, Integer> pendingInputs = new HashMap<>();
            Deque<JobVertex> ready = new ArrayDeque<>();
            for (JobVertex vertex : vertices.values()) {
                pendingInputs.put(vertex, vertex.inputs().size());
                if (vertex.inputs().isEmpty()) {
                    ready.add(vertex);
                }
            }
            List<JobVertex> order = new ArrayList<>(vertices.size());
            while (!ready.isEmpty()) {
                JobVertex vertex = ready.poll();
                order.add(vertex);
                for (IntermediateDataSet produced : vertex.producedDataSets()) {
                    JobVertex consumer = produced.consumer().target();
                    if (pendingInputs.merge(consumer, -1, Integer::sum) == 0) {
                        ready.add(consumer);
                    }
                }
            }
            if (order.size() < vertices.size()) {
                String cycle = vertices.values().stream().filter(v -> pendingInputs.get(v) > 0)
                        .map(v -> "'" + v.id() + "'").collect(Collectors.joining(", "));
                throw new JobValidationException(jobName, "the job has a cycle through vertices " + cycle);
            }
            return order;
        }
    }
}
