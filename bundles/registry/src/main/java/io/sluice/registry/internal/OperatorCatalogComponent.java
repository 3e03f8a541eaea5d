package io.sluice.registry.internal;

import io.sluice.api.operator.OperatorFactory;
import io.sluice.registry.OperatorCatalog;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/** Tracks operator factory services by {@value OperatorFactory#TYPE}; logs what each type resolves to. */
@Component(service = OperatorCatalog.class, immediate = true)
public class OperatorCatalogComponent implements OperatorCatalog {
    /** Providers of one type, best first: higher ranking, then newer service id. */
    private final Map<String, ConcurrentSkipListMap<Long, Provider>> byType = new ConcurrentHashMap<>();

    private record Provider(OperatorFactory factory, String bundle) {
    }

    private final Logger log;

    @Activate
    public OperatorCatalogComponent(@Reference(service = LoggerFactory.class) Logger log) {
        this.log = log; // by constructor: the operator references below are bound after it and log
    }

    @Override
    public Optional<OperatorFactory> find(String type) {
        ConcurrentSkipListMap<Long, Provider> providers = byType.get(type);
        if (providers == null) {
            return Optional.empty();
        }
        Map.Entry<Long, Provider> best = providers.firstEntry();
        return best == null ? Optional.empty() : Optional.of(best.getValue().factory());
    }

    @Override
    public Set<String> types() {
        Set<String> types = new java.util.TreeSet<>();
        byType.forEach((type, providers) -> {
            if (!providers.isEmpty()) {
                types.add(type);
            }
        });
        return types;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOperator(OperatorFactory factory, Map<String, Object> properties) {
        Object type = properties.get(OperatorFactory.TYPE);
        if (!(type instanceof String name) || !name.matches("[a-z0-9][a-z0-9-]*")) {
            log.error("ignoring operator factory {} of bundle {}: service property {} must be a lower-case name, got {}",
                    factory.getClass().getName(), properties.get("component.name"), OperatorFactory.TYPE, type);
            return;
        }
        byType.computeIfAbsent(name, t -> new ConcurrentSkipListMap<>()).put(order(properties),
                new Provider(factory, String.valueOf(properties.get(Constants.SERVICE_BUNDLEID))));
        log.info("operator type '{}' now provided by {} (bundle {})", name, factory.getClass().getName(),
                properties.get(Constants.SERVICE_BUNDLEID));
    }

    void removeOperator(OperatorFactory factory, Map<String, Object> properties) {
        Object type = properties.get(OperatorFactory.TYPE);
        ConcurrentSkipListMap<Long, Provider> providers = type == null ? null : byType.get(type.toString());
        if (providers != null) {
            providers.remove(order(properties));
            log.info("operator type '{}' lost provider {}{}", type, factory.getClass().getName(),
                    providers.isEmpty() ? "; no provider left" : "");
        }
    }

    /** Sort key: ranking descending, then service id descending (newest first). */
    private static long order(Map<String, Object> properties) {
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long id = (Long) properties.get(Constants.SERVICE_ID);
        return -(((long) ranking << 32) + id);
    }
}
