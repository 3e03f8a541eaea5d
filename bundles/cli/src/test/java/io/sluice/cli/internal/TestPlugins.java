package io.sluice.cli.internal;

import io.sluice.api.operator.OperatorFactory;
import io.sluice.failover.region.RegionFailoverStrategyFactory;
import io.sluice.failover.restartall.RestartAllFailoverStrategyFactory;
import io.sluice.jobmaster.JobChecks;
import io.sluice.operators.CountFactory;
import io.sluice.operators.DiscardSinkFactory;
import io.sluice.operators.FailFactory;
import io.sluice.operators.FileSinkFactory;
import io.sluice.operators.IdentityFactory;
import io.sluice.operators.PrintSinkFactory;
import io.sluice.operators.RollingSumFactory;
import io.sluice.operators.SequenceSourceFactory;
import io.sluice.operators.SumFactory;
import io.sluice.operators.TextSourceFactory;
import io.sluice.operators.ToPairFactory;
import io.sluice.operators.TokenizeFactory;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.registry.UnknownStrategyException;
import io.sluice.restart.fixeddelay.FixedDelayRestartBackoffStrategyFactory;
import io.sluice.scheduler.pipelinedregion.PipelinedRegionSchedulingStrategyFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry holding real plugins as a platform would — the pipelined-region scheduler, the region and restart-all
 * failover strategies, the fixed-delay restart — and a catalog of real operators.
 */
final class TestPlugins implements StrategyRegistry {
    private final Map<StrategyKind<?>, Map<String, Object>> plugins = new LinkedHashMap<>();

    static final OperatorCatalog OPERATORS = OperatorCatalog.of(Map.<String, OperatorFactory>ofEntries(
            Map.entry("sequence-source", new SequenceSourceFactory()), Map.entry("text-source", new TextSourceFactory()),
            Map.entry("identity", new IdentityFactory()), Map.entry("discard-sink", new DiscardSinkFactory()),
            Map.entry("file-sink", new FileSinkFactory()), Map.entry("to-pair", new ToPairFactory()),
            Map.entry("sum", new SumFactory()), Map.entry("count", new CountFactory()),
            Map.entry("tokenize", new TokenizeFactory()), Map.entry("rolling-sum", new RollingSumFactory()),
            Map.entry("fail", new FailFactory()), Map.entry("print-sink", new PrintSinkFactory())));

    TestPlugins() {
        plugins.put(StrategyKind.SCHEDULER, Map.of("pipelined-region", new PipelinedRegionSchedulingStrategyFactory()));
        Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("region", new RegionFailoverStrategyFactory());
        failover.put("restart-all", new RestartAllFailoverStrategyFactory());
        plugins.put(StrategyKind.FAILOVER, failover);
        plugins.put(StrategyKind.RESTART, Map.of("fixed-delay", new FixedDelayRestartBackoffStrategyFactory()));
    }

    /** The checks a JobMaster of a platform with these plugins makes. */
    JobChecks checks() {
        return new JobChecks(this, OPERATORS, JobChecks.DEFAULT_MAX_TASKS);
    }

    private static PluginInfo info(StrategyKind<?> kind, String name) {
        return new PluginInfo(kind, name, "io.sluice." + kind + "." + name, "1.0.0", 1, 1, PluginInfo.State.ACTIVE,
                name.equals(defaultOf(kind)));
    }

    private static String defaultOf(StrategyKind<?> kind) {
        return kind == StrategyKind.SCHEDULER ? "pipelined-region" : kind == StrategyKind.FAILOVER ? "region" : "fixed-delay";
    }

    @Override
    public <S> Optional<ResolvedStrategy<S>> find(StrategyKind<S> kind, String name) {
        Object service = plugins.getOrDefault(kind, Map.of()).get(name);
        return service == null ? Optional.empty()
                : Optional.of(new ResolvedStrategy<>(kind.serviceType().cast(service), info(kind, name), false));
    }

    @Override
    public <S> ResolvedStrategy<S> require(StrategyKind<S> kind, String name) {
        String wanted = name == null || name.isBlank() ? defaultOf(kind) : name;
        return find(kind, wanted).orElseThrow(() -> new UnknownStrategyException("unknown " + kind + " '" + wanted
                + "'; registered: " + String.join(", ", plugins.getOrDefault(kind, Map.of()).keySet())));
    }

    @Override
    public <S> ResolvedStrategy<S> resolveOrDefault(StrategyKind<S> kind, String name) {
        return require(kind, name);
    }

    @Override
    public String defaultName(StrategyKind<?> kind) {
        return defaultOf(kind);
    }

    @Override
    public List<PluginInfo> plugins() {
        List<PluginInfo> list = new ArrayList<>();
        plugins.forEach((kind, named) -> named.keySet().forEach(name -> list.add(info(kind, name))));
        return list;
    }

    @Override
    public void addListener(StrategyListener listener) {
    }

    @Override
    public void removeListener(StrategyListener listener) {
    }
}
