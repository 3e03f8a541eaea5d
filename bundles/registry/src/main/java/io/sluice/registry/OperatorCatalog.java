package io.sluice.registry;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.operator.OperatorFactory;
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
     * Why the job's operators cannot run here — a type no bundle provides, or parameters its factory rejects —
     * or empty. Names the job, the operator and the problem.
     */
    default Optional<String> check(JobGraph job) {
        for (JobVertex vertex : job.vertices()) {
            for (OperatorSpec operator : vertex.operators()) {
                Optional<OperatorFactory> factory = find(operator.type());
                if (factory.isEmpty()) {
                    return Optional.of("job '" + job.name() + "': operator '" + operator.id() + "' has unknown type '"
                            + operator.type() + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(types())) + ")");
                }
                Optional<String> problem = factory.get().validate(operator.params(), vertex.parallelism());
                if (problem.isPresent()) {
                    return Optional.of("job '" + job.name() + "': operator '" + operator.id() + "' ("
                            + operator.type() + "): " + problem.get());
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
