package io.sluice.client;

import io.sluice.api.job.CoLocationGroup;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * Checks a {@link JobSpec} and compiles it into a {@link JobGraph}. Adjacent operators are chained into one
 * job vertex (one thread per subtask, no exchange between them) when the edge is forward and pipelined,
 * the downstream operator has no other input, the upstream operator no other output, both share slot
 * sharing and co-location groups, and chaining is not disabled. A chained vertex takes the id of its head.
 */
public final class JobCompiler {
    private final JobSpec spec;
    private final Set<String> operatorTypes;
    private final Map<String, JobSpec.Operator> operators = new LinkedHashMap<>();
    private final Map<String, List<JobSpec.Edge>> outputs = new HashMap<>();
    private final Map<String, List<JobSpec.Edge>> inputs = new HashMap<>();

    private JobCompiler(JobSpec spec, Set<String> operatorTypes) {
        this.spec = spec;
        this.operatorTypes = operatorTypes;
    }

    /**
     * Compiles {@code spec}.
     *
     * @param operatorTypes the operator types the cluster provides; {@code null} skips that check
     * @throws JobValidationException naming the job, the element and the rule it breaks
     */
    public static JobGraph compile(JobSpec spec, Set<String> operatorTypes) {
        return new JobCompiler(spec, operatorTypes).compile();
    }

    private JobGraph compile() {
        if (spec.operators().isEmpty()) {
            throw error("the job has no operator");
        }
        indexOperators();
        indexEdges();
        List<String> order = topologicalOrder();
        checkCoLocation();
        Map<String, List<String>> chains = chains(order);
        Map<String, String> headOf = new HashMap<>();
        chains.forEach((head, members) -> members.forEach(member -> headOf.put(member, head)));

        JobGraph.Builder builder = JobGraph.builder(spec.name()).config(spec.config());
        for (Map.Entry<String, List<String>> chain : chains.entrySet()) {
            JobSpec.Operator head = operators.get(chain.getKey());
            List<OperatorSpec> chained = chain.getValue().stream()
                    .map(id -> new OperatorSpec(id, operators.get(id).type(), operators.get(id).params())).toList();
            builder.vertex(head.id(), chained, head.parallelism(), new SlotSharingGroup(head.slotSharingGroup()),
                    head.coLocationGroup() == null ? null : new CoLocationGroup(head.coLocationGroup()),
                    resources(chain.getValue()));
        }
        for (JobSpec.Edge edge : spec.edges()) {
            if (!isChained(edge)) {
                builder.connect(headOf.get(edge.from()), headOf.get(edge.to()), partitioner(edge), edge.exchange());
            }
        }
        return builder.build();
    }

    private void indexOperators() {
        for (JobSpec.Operator operator : spec.operators()) {
            if (operators.putIfAbsent(operator.id(), operator) != null) {
                throw error("duplicate operator id '" + operator.id() + "'");
            }
            if (operator.parallelism() < 1 || operator.parallelism() > JobGraph.MAX_PARALLELISM) {
                throw error("operator '" + operator.id() + "' has parallelism " + operator.parallelism()
                        + " (must be from 1 to " + JobGraph.MAX_PARALLELISM + ")");
            }
            if (operatorTypes != null && !operatorTypes.contains(operator.type())) {
                throw error("operator '" + operator.id() + "' has unknown type '" + operator.type() + "' (known: "
                        + operatorTypes.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private void indexEdges() {
        Set<String> seen = new HashSet<>();
        for (JobSpec.Edge edge : spec.edges()) {
            String where = "edge " + edge.from() + " -> " + edge.to();
            for (String end : List.of(edge.from(), edge.to())) {
                if (!operators.containsKey(end)) {
                    throw error(where + " refers to unknown operator '" + end + "'");
                }
            }
            if (edge.from().equals(edge.to())) {
                throw error(where + " connects an operator to itself");
            }
            if (!seen.add(edge.from() + "\u0000" + edge.to())) {
                throw error("duplicate " + where);
            }
            int from = operators.get(edge.from()).parallelism();
            int to = operators.get(edge.to()).parallelism();
            if (edge.partitioner() == PartitionerKind.FORWARD && from != to) {
                throw error(where + " is forward between different parallelisms (" + from + " and " + to
                        + "); use rescale, rebalance or hash");
            }
            outputs.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge);
            inputs.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(edge);
        }
    }

    /** Kahn's algorithm over operators, in file order among ready ones; leftovers lie on a cycle. */
    private List<String> topologicalOrder() {
        Map<String, Integer> pending = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        for (String id : operators.keySet()) {
            int count = inputs.getOrDefault(id, List.of()).size();
            pending.put(id, count);
            if (count == 0) {
                ready.add(id);
            }
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (JobSpec.Edge edge : outputs.getOrDefault(id, List.of())) {
                if (pending.merge(edge.to(), -1, Integer::sum) == 0) {
                    ready.add(edge.to());
                }
            }
        }
        if (order.size() < operators.size()) {
            String cycle = operators.keySet().stream().filter(id -> pending.get(id) > 0)
                    .map(id -> "'" + id + "'").collect(Collectors.joining(", "));
            throw error("the operators " + cycle + " form a cycle (a job must be a directed acyclic graph)");
        }
        return order;
    }

    private void checkCoLocation() {
        Map<String, JobSpec.Operator> first = new HashMap<>();
        for (JobSpec.Operator operator : operators.values()) {
            if (operator.coLocationGroup() == null) {
                continue;
            }
            JobSpec.Operator other = first.putIfAbsent(operator.coLocationGroup(), operator);
            if (other == null) {
                continue;
            }
            if (other.parallelism() != operator.parallelism()) {
                throw error("co-location group '" + operator.coLocationGroup() + "' mixes parallelism "
                        + other.parallelism() + " ('" + other.id() + "') and " + operator.parallelism() + " ('"
                        + operator.id() + "'); co-located operators need equal parallelism");
            }
            if (!other.slotSharingGroup().equals(operator.slotSharingGroup())) {
                throw error("co-location group '" + operator.coLocationGroup() + "' spans slot sharing groups '"
                        + other.slotSharingGroup() + "' ('" + other.id() + "') and '" + operator.slotSharingGroup()
                        + "' ('" + operator.id() + "'); co-located operators must share a slot sharing group");
            }
        }
    }

    /** Chains in topological order of their heads: head id -> chained operator ids, head first. */
    private Map<String, List<String>> chains(List<String> order) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        for (String id : order) {
            List<JobSpec.Edge> in = inputs.getOrDefault(id, List.of());
            if (in.size() == 1 && isChained(in.get(0))) {
                continue; // part of the chain of its producer
            }
            List<String> chain = new ArrayList<>();
            String current = id;
            chain.add(current);
            while (outputs.getOrDefault(current, List.of()).size() == 1 && isChained(outputs.get(current).get(0))) {
                current = outputs.get(current).get(0).to();
                chain.add(current);
            }
            chains.put(id, chain);
        }
        return chains;
    }

    private boolean isChained(JobSpec.Edge edge) {
        JobSpec.Operator from = operators.get(edge.from());
        JobSpec.Operator to = operators.get(edge.to());
        return spec.chainingEnabled()
                && partitioner(edge) == PartitionerKind.FORWARD
                && edge.exchange() == ResultPartitionType.PIPELINED
                && from.parallelism() == to.parallelism()
                && from.slotSharingGroup().equals(to.slotSharingGroup())
                && Objects.equals(from.coLocationGroup(), to.coLocationGroup())
                && outputs.getOrDefault(from.id(), List.of()).size() == 1
                && inputs.getOrDefault(to.id(), List.of()).size() == 1;
    }

    /** Flink's default when none is given: forward between equal parallelisms, rebalance otherwise. */
    private PartitionerKind partitioner(JobSpec.Edge edge) {
        if (edge.partitioner() != null) {
            return edge.partitioner();
        }
        return operators.get(edge.from()).parallelism() == operators.get(edge.to()).parallelism()
                ? PartitionerKind.FORWARD : PartitionerKind.REBALANCE;
    }

    /** A chain asks for the sum of its operators' resources; unknown if any operator declared none. */
    private ResourceProfile resources(List<String> chain) {
        ResourceProfile total = ResourceProfile.ZERO;
        for (String id : chain) {
            ResourceProfile profile = operators.get(id).resources();
            if (profile.isUnknown()) {
                return ResourceProfile.UNKNOWN;
            }
            try {
                total = total.plus(profile);
            } catch (ArithmeticException e) {
                throw error("the chain of '" + String.join("', '", chain) + "' asks for more resources in sum than a"
                        + " slot can have (at most " + Integer.MAX_VALUE + " milli-cores and MB each)");
            }
        }
        return total;
    }

    private JobValidationException error(String problem) {
        return new JobValidationException(spec.name(), problem);
    }
}
