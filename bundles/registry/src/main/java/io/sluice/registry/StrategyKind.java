package io.sluice.registry;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.slot.SlotMatchingStrategy;
import java.util.List;

/**
 * A kind of plugin: its service interface, the name users see, and the configuration key that chooses
 * one ({@code scheduler}, {@code slot-matcher}, {@code failover}, {@code restart.strategy},
 * {@code resource-provider}).
 */
public final class StrategyKind<S> {
    public static final StrategyKind<SchedulingStrategyFactory> SCHEDULER =
            new StrategyKind<>("scheduler", "scheduler", SchedulingStrategyFactory.class);
    public static final StrategyKind<SlotMatchingStrategy> SLOT_MATCHER =
            new StrategyKind<>("slot-matcher", "slot-matcher", SlotMatchingStrategy.class);
    public static final StrategyKind<FailoverStrategyFactory> FAILOVER =
            new StrategyKind<>("failover", "failover", FailoverStrategyFactory.class);
    public static final StrategyKind<RestartBackoffStrategyFactory> RESTART =
            new StrategyKind<>("restart", "restart.strategy", RestartBackoffStrategyFactory.class);
    public static final StrategyKind<ResourceProvider> RESOURCE_PROVIDER =
            new StrategyKind<>("resource-provider", "resource-provider", ResourceProvider.class);

    /** Every kind, in the order listings show them. */
    public static final List<StrategyKind<?>> ALL =
            List.of(SCHEDULER, SLOT_MATCHER, FAILOVER, RESTART, RESOURCE_PROVIDER);

    private final String id;
    private final String configKey;
    private final Class<S> serviceType;

    private StrategyKind(String id, String configKey, Class<S> serviceType) {
        this.id = id;
        this.configKey = configKey;
        this.serviceType = serviceType;
    }

    /** The name users see, e.g. {@code slot-matcher}. */
    public String id() {
        return id;
    }

    /** The job or cluster option that names the strategy of this kind. */
    public String configKey() {
        return configKey;
    }

    public Class<S> serviceType() {
        return serviceType;
    }

    /** The kind with this id, or {@code null}. */
    public static StrategyKind<?> byId(String id) {
        for (StrategyKind<?> kind : ALL) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }
}
