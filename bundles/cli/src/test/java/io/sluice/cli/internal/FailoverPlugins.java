package io.sluice.cli.internal;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.failover.region.RegionFailoverStrategyFactory;
import io.sluice.failover.restartall.RestartAllFailoverStrategyFactory;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.registry.UnknownStrategyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A registry holding the real region and restart-all plugins, as a platform would. */
final class FailoverPlugins implements StrategyRegistry {
    private final Map<String, FailoverStrategyFactory> factories = new LinkedHashMap<>();

    FailoverPlugins() {
        factories.put("region", new RegionFailoverStrategyFactory());
        factories.put("restart-all", new RestartAllFailoverStrategyFactory());
    }

    private static PluginInfo info(String name) {
        return new PluginInfo(StrategyKind.FAILOVER, name, "io.sluice.failover." + name, "1.0.0", 1, 1,
                PluginInfo.State.ACTIVE, name.equals("region"));
    }

    @Override
    public <S> Optional<ResolvedStrategy<S>> find(StrategyKind<S> kind, String name) {
        if (kind != StrategyKind.FAILOVER || !factories.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of(new ResolvedStrategy<>(kind.serviceType().cast(factories.get(name)), info(name), false));
    }

    @Override
    public <S> ResolvedStrategy<S> require(StrategyKind<S> kind, String name) {
        return find(kind, name).orElseThrow(() -> new UnknownStrategyException("unknown " + kind + " '" + name + "'"));
    }

    @Override
    public <S> ResolvedStrategy<S> resolveOrDefault(StrategyKind<S> kind, String name) {
        return require(kind, name);
    }

    @Override
    public String defaultName(StrategyKind<?> kind) {
        return "region";
    }

    @Override
    public List<PluginInfo> plugins() {
        List<PluginInfo> plugins = new ArrayList<>();
        factories.keySet().forEach(name -> plugins.add(info(name)));
        return plugins;
    }

    @Override
    public void addListener(StrategyListener listener) {
    }

    @Override
    public void removeListener(StrategyListener listener) {
    }
}
