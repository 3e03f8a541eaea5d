package io.sluice.registry.internal;

import io.sluice.api.plugin.ClosestName;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.registry.StrategyKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The cluster's default strategy of each kind, read from configuration {@value #PID}
 * ({@code conf/io.sluice.registry.cfg}). Parsing either accepts the whole configuration or rejects it
 * with every problem named, so a bad edit never leaves the cluster half-configured.
 */
record RegistryConfig(Map<StrategyKind<?>, String> defaults) {

    static final String PID = "io.sluice.registry";

    // built-in defaults, Flink's where Flink has one (one place for the metatype and the parser)
    static final String DEFAULT_SCHEDULER = "pipelined-region";
    static final String DEFAULT_SLOT_MATCHER = "any-fit";
    static final String DEFAULT_FAILOVER = "region";
    static final String DEFAULT_RESTART = "fixed-delay";
    static final String DEFAULT_RESOURCE_PROVIDER = "embedded";

    private static final Pattern NAME = Pattern.compile(StrategyName.PATTERN);

    @ObjectClassDefinition(id = PID, name = "Strategy defaults",
            description = "The strategy of each kind that the cluster uses when a job or component names none. "
                    + "A name only takes effect while a plugin registers it.")
    @interface Config {
        @AttributeDefinition(description = "Scheduling strategy of jobs whose config has no 'scheduler'.")
        String scheduler() default DEFAULT_SCHEDULER;

        @AttributeDefinition(name = "slot-matcher", description = "How the SlotManager picks a free slot for a request.")
        String slot$_$matcher() default DEFAULT_SLOT_MATCHER;

        @AttributeDefinition(description = "Failover strategy of jobs whose config has no 'failover'.")
        String failover() default DEFAULT_FAILOVER;

        @AttributeDefinition(name = "restart.strategy",
                description = "Restart backoff of jobs whose config has no 'restart.strategy'.")
        String restart_strategy() default DEFAULT_RESTART;

        @AttributeDefinition(name = "resource-provider", description = "How the ResourceManager gets workers.")
        String resource$_$provider() default DEFAULT_RESOURCE_PROVIDER;
    }

    static final RegistryConfig DEFAULTS = new RegistryConfig(Map.of(
            StrategyKind.SCHEDULER, DEFAULT_SCHEDULER,
            StrategyKind.SLOT_MATCHER, DEFAULT_SLOT_MATCHER,
            StrategyKind.FAILOVER, DEFAULT_FAILOVER,
            StrategyKind.RESTART, DEFAULT_RESTART,
            StrategyKind.RESOURCE_PROVIDER, DEFAULT_RESOURCE_PROVIDER));

    /** Outcome of parsing: a configuration, or the problems that reject it. */
    record Parsed(RegistryConfig config, List<String> errors) {
    }

    /**
     * Accepts the whole configuration, or rejects it naming every bad value with its key and every unknown key
     * with the key it most likely meant. The keys ConfigAdmin, FileInstall and DS add are no options.
     */
    static Parsed parse(Map<String, ?> properties) {
        Map<StrategyKind<?>, String> defaults = new LinkedHashMap<>(DEFAULTS.defaults);
        List<String> errors = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        for (StrategyKind<?> kind : StrategyKind.ALL) {
            known.add(kind.configKey());
            Object value = properties.get(kind.configKey());
            if (value == null) {
                continue;
            }
            String name = String.valueOf(value).trim();
            if (!NAME.matcher(name).matches()) {
                errors.add("'" + kind.configKey() + "' = '" + value + "' is not a strategy name "
                        + "(lower-case letters, digits and '-', starting with a letter or digit)");
            } else {
                defaults.put(kind, name);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(properties.keySet())) {
            if (!known.contains(key) && !StrategyOptions.isFrameworkKey(key)) {
                unknown.add("'" + key + "'" + ClosestName.hint(key, known));
            }
        }
        if (!unknown.isEmpty()) {
            errors.add((unknown.size() == 1 ? "unknown option " : "unknown options ") + String.join(", ", unknown)
                    + "; known: " + String.join(", ", known)); // last, so that "; known" ends the message
        }
        return new Parsed(errors.isEmpty() ? new RegistryConfig(Map.copyOf(defaults)) : null, errors);
    }

    String defaultName(StrategyKind<?> kind) {
        return defaults.get(kind);
    }
}
