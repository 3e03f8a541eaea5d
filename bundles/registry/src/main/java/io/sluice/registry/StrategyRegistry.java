package io.sluice.registry;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every strategy plugin of the cluster, by kind and name. When several bundles register the same name, the
 * highest bundle version wins (then the higher {@code service.ranking}, then the older service), so
 * deploying a new version of a plugin replaces the old one and removing it brings the old one back.
 *
 * <p>Thread-safe and non-blocking: lookups read an immutable snapshot. Every lookup that picks a strategy
 * is logged with the name and the bundle version it resolved to.
 */
@ProviderType
public interface StrategyRegistry {

    /** The newest provider of {@code name}, if one is registered. Not logged: this is a query, not a decision. */
    <S> Optional<ResolvedStrategy<S>> find(StrategyKind<S> kind, String name);

    /**
     * The strategy a new job or component gets: the newest provider of {@code name}, or of the cluster
     * default when {@code name} is {@code null} or blank.
     *
     * @throws UnknownStrategyException naming the kind, the name and the names that are registered
     */
    <S> ResolvedStrategy<S> require(StrategyKind<S> kind, String name);

    /**
     * The strategy a running job keeps using: the newest provider of {@code name}, or, when it has gone,
     * the cluster default (marked as a {@linkplain ResolvedStrategy#fallback() fallback}).
     *
     * @throws UnknownStrategyException when neither the name nor the default is registered
     */
    <S> ResolvedStrategy<S> resolveOrDefault(StrategyKind<S> kind, String name);

    /** The configured default name of the kind. */
    String defaultName(StrategyKind<?> kind);

    /** Every registered strategy service, ordered by kind, name and preference. */
    List<PluginInfo> plugins();

    void addListener(StrategyListener listener);

    void removeListener(StrategyListener listener);
}
