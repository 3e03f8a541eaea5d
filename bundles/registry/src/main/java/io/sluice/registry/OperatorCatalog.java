package io.sluice.registry;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.plugin.ClosestName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator types the platform knows, from every {@link OperatorFactory} service. When two services
 * provide a type, the one with the higher ranking, then the later registered, wins — so deploying a new
 * version of an operator bundle changes what tasks deployed afterwards run.
 */
public interface OperatorCatalog {

    Optional<OperatorFactory> find(String type);

    /** Every known type. */
    Set<String> types();

    /**
     * Why the job's operators cannot run here — a type no bundle provides, an input or output its kind cannot have,
     * or parameters its factory rejects — or empty. Names the operator and the problem.
     */
    default Optional<String> check(JobGraph job) {
        for (JobVertex vertex : job.vertices()) {
            List<OperatorSpec> chain = vertex.operators();
            for (int i = 0; i < chain.size(); i++) {
                OperatorSpec operator = chain.get(i);
                Optional<OperatorFactory> factory = find(operator.type());
                if (factory.isEmpty()) {
                    return Optional.of("operator '" + operator.id() + "' has unknown type '"
                            + operator.type() + "'" + ClosestName.hint(operator.type(), types()) + " (known: "
                            + String.join(", ", new java.util.TreeSet<>(types())) + ")");
                }
                String where = "operator '" + operator.id() + "' (" + operator.type() + ")";
                OperatorKind kind = factory.get().kind();
                boolean hasInput = i > 0 || !vertex.inputs().isEmpty();
                boolean hasOutput = i < chain.size() - 1 || !vertex.producedDataSets().isEmpty();
                if (kind == OperatorKind.SOURCE && hasInput) {
                    // an edge leaves the producer chain's last operator, not its head (which names the vertex)
                    List<OperatorSpec> producer = i > 0 ? chain.subList(0, i)
                            : vertex.inputs().get(0).source().producer().operators();
                    return Optional.of(where + " is a source and reads no input, but '"
                            + producer.get(producer.size() - 1).id() + "' feeds it");
                }
                if (kind != OperatorKind.SOURCE && !hasInput) {
                    return Optional.of(where + " has no input: only a source may have none (add an edge to it)");
                }
                if (kind == OperatorKind.SINK && hasOutput) {
                    return Optional.of(where + " is a sink and emits nothing, but it feeds '" + (i < chain.size() - 1
                            ? chain.get(i + 1).id() : vertex.producedDataSets().get(0).consumer().target().id()) + "'");
                }
                Optional<String> problem = factory.get().validate(operator.params(), vertex.parallelism());
                if (problem.isPresent()) {
                    return Optional.of(where + ": " + problem.get());
                }
            }
        }
        return Optional.empty();
    }

    /** A fixed catalog, for tests and tools that run without the platform. */
    static OperatorCatalog of(Map<String, OperatorFactory> factories) {
        Map<String, OperatorFactory> copy = Map.copyOf(factories);
        return new OperatorCatalog() {
            @Override
            public Optional<OperatorFactory> find(String type) {
                return Optional.ofNullable(copy.get(type));
            }

            @Override
            public Set<String> types() {
                return copy.keySet();
            }
        };
    }
}
