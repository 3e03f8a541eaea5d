package io.sluice.registry.internal;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.api.slot.SlotMatchingStrategy;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.registry.UnknownStrategyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Binds every strategy service of the five kinds (dynamic, greedy, multiple) and answers lookups from an
 * immutable snapshot. Binds and unbinds arrive on whatever thread changed the service registry; the
 * table serialises them, lookups never wait.
 */
@Component(service = StrategyRegistry.class, immediate = true, configurationPid = RegistryConfig.PID)
@Designate(ocd = RegistryConfig.Config.class)
public class StrategyRegistryComponent implements StrategyRegistry {

    private static final Pattern NAME = Pattern.compile(StrategyName.PATTERN);
    private static final String NAMED = "(" + StrategyName.PROPERTY + "=*)";

    private final Logger log;
    private final StrategyTable table = new StrategyTable();
    private final List<StrategyListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RegistryConfig config = RegistryConfig.DEFAULTS;

    @Activate
    public StrategyRegistryComponent(@Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.log = log;
        applyConfig(properties, false);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        applyConfig(properties, true);
    }

    /** At activation plugins are still arriving, so a missing default is only worth a warning on a change. */
    private void applyConfig(Map<String, Object> properties, boolean warnAboutMissingDefaults) {
        RegistryConfig.Parsed parsed = RegistryConfig.parse(properties);
        if (parsed.config() == null) {
            log.error("{} rejected, keeping the previous defaults {}: {}", ConfigurationSource.describe(properties),
                    describe(config), String.join("; ", parsed.errors()));
            return;
        }
        RegistryConfig previous = config;
        config = parsed.config();
        log.info("strategy defaults: {}", describe(config));
        for (StrategyKind<?> kind : StrategyKind.ALL) {
            if (!previous.defaultName(kind).equals(config.defaultName(kind))) {
                notifyListeners(kind, config.defaultName(kind)); // lookups of the default now answer differently
            }
        }
        if (!warnAboutMissingDefaults) {
            return;
        }
        for (StrategyKind<?> kind : StrategyKind.ALL) {
            String name = config.defaultName(kind);
            if (table.best(kind, name).isEmpty()) {
                log.warn("default {} '{}' is not registered (yet); known: {}", kind, name, table.names(kind));
            }
        }
    }

    private static String describe(RegistryConfig config) {
        List<String> parts = new ArrayList<>();
        for (StrategyKind<?> kind : StrategyKind.ALL) {
            parts.add(kind.configKey() + "=" + config.defaultName(kind));
        }
        return String.join(", ", parts);
    }

    // ---- lookups -------------------------------------------------------------------------------------

    @Override
    public <S> Optional<ResolvedStrategy<S>> find(StrategyKind<S> kind, String name) {
        return table.best(kind, name).map(entry -> resolved(kind, entry, false));
    }

    @Override
    public <S> ResolvedStrategy<S> require(StrategyKind<S> kind, String name) {
        boolean useDefault = name == null || name.isBlank();
        String wanted = useDefault ? config.defaultName(kind) : name;
        StrategyTable.Entry entry = table.best(kind, wanted).orElseThrow(() -> unknown(kind, wanted, useDefault));
        ResolvedStrategy<S> resolved = resolved(kind, entry, false);
        log.info("resolved {} '{}'{} -> {}", kind, wanted, useDefault ? " (cluster default)" : "", resolved.plugin().bundle());
        return resolved;
    }

    @Override
    public <S> ResolvedStrategy<S> resolveOrDefault(StrategyKind<S> kind, String name) {
        if (name != null && !name.isBlank()) {
            Optional<StrategyTable.Entry> entry = table.best(kind, name);
            if (entry.isPresent()) {
                ResolvedStrategy<S> resolved = resolved(kind, entry.get(), false);
                log.info("resolved {} '{}' -> {}", kind, name, resolved.plugin().bundle());
                return resolved;
            }
        }
        String fallback = config.defaultName(kind);
        StrategyTable.Entry entry = table.best(kind, fallback).orElseThrow(() -> unknown(kind, fallback, true));
        ResolvedStrategy<S> resolved = resolved(kind, entry, name != null && !name.isBlank());
        if (resolved.fallback()) {
            log.warn("{} '{}' is no longer registered; falling back to the default '{}' -> {}", kind, name, fallback,
                    resolved.plugin().bundle());
        } else {
            log.info("resolved {} '{}' (cluster default) -> {}", kind, fallback, resolved.plugin().bundle());
        }
        return resolved;
    }

    @Override
    public String defaultName(StrategyKind<?> kind) {
        return config.defaultName(kind);
    }

    @Override
    public List<PluginInfo> plugins() {
        List<PluginInfo> plugins = new ArrayList<>();
        RegistryConfig current = config;
        for (StrategyKind<?> kind : StrategyKind.ALL) {
            table.byName(kind).forEach((name, providers) -> {
                for (int i = 0; i < providers.size(); i++) {
                    plugins.add(info(providers.get(i), i == 0 ? PluginInfo.State.ACTIVE : PluginInfo.State.SHADOWED,
                            name.equals(current.defaultName(kind))));
                }
            });
        }
        return plugins;
    }

    @Override
    public void addListener(StrategyListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(StrategyListener listener) {
        listeners.remove(listener);
    }

    private <S> ResolvedStrategy<S> resolved(StrategyKind<S> kind, StrategyTable.Entry entry, boolean fallback) {
        boolean isDefault = entry.name().equals(config.defaultName(kind));
        return new ResolvedStrategy<>(kind.serviceType().cast(entry.service()),
                info(entry, PluginInfo.State.ACTIVE, isDefault), fallback);
    }

    private static PluginInfo info(StrategyTable.Entry entry, PluginInfo.State state, boolean isDefault) {
        return new PluginInfo(entry.kind(), entry.name(), entry.bundleSymbolicName(), entry.bundleVersion().toString(),
                entry.bundleId(), entry.serviceId(), state, isDefault);
    }

    private UnknownStrategyException unknown(StrategyKind<?> kind, String name, boolean isDefault) {
        return new UnknownStrategyException("unknown " + kind + " '" + name + "'" + (isDefault ? " (the cluster default)" : "")
                + io.sluice.api.plugin.ClosestName.hint(name, table.names(kind)) + "; registered: " + (table.names(kind).isEmpty() ? "none" : String.join(", ", table.names(kind))));
    }

    // ---- service tracking ----------------------------------------------------------------------------

    private void added(StrategyKind<?> kind, ServiceReference<?> reference, Object service) {
        Optional<StrategyTable.Entry> parsed = entry(kind, reference, service);
        if (parsed.isEmpty()) {
            return;
        }
        StrategyTable.Entry entry = parsed.get();
        Optional<StrategyTable.Entry> before = table.add(entry);
        StrategyTable.Entry now = table.best(kind, entry.name()).orElseThrow();
        if (before.isEmpty()) {
            log.info("registered {} '{}' from {} {}", kind, entry.name(), entry.bundleSymbolicName(), entry.bundleVersion());
        } else if (now == entry) {
            log.info("registered {} '{}' from {} {}; it replaces {} {}", kind, entry.name(), entry.bundleSymbolicName(),
                    entry.bundleVersion(), before.get().bundleSymbolicName(), before.get().bundleVersion());
        } else {
            log.info("registered {} '{}' from {} {}; shadowed by {} {}", kind, entry.name(), entry.bundleSymbolicName(),
                    entry.bundleVersion(), now.bundleSymbolicName(), now.bundleVersion());
        }
        if (now == entry) {
            notifyListeners(kind, entry.name());
        }
    }

    /** The table entry the service's properties describe, or empty (logged) when they name no strategy. */
    private Optional<StrategyTable.Entry> entry(StrategyKind<?> kind, ServiceReference<?> reference, Object service) {
        Object nameProperty = reference.getProperty(StrategyName.PROPERTY);
        String name = nameProperty instanceof String s ? s : null;
        Bundle bundle = reference.getBundle();
        long serviceId = (Long) reference.getProperty(Constants.SERVICE_ID);
        if (name == null || !NAME.matcher(name).matches() || bundle == null) {
            log.error("ignoring {} service {} from {}: '{}' = '{}' is not a strategy name (lower-case letters, digits and '-')",
                    kind, serviceId, bundle == null ? "an unregistered bundle" : bundle.getSymbolicName(),
                    StrategyName.PROPERTY, nameProperty);
            return Optional.empty();
        }
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        return Optional.of(new StrategyTable.Entry(kind, name, service, bundle.getSymbolicName(), bundle.getVersion(),
                bundle.getBundleId(), serviceId, ranking instanceof Integer r ? r : 0));
    }

    private void removed(StrategyKind<?> kind, ServiceReference<?> reference) {
        long serviceId = (Long) reference.getProperty(Constants.SERVICE_ID);
        table.remove(kind, serviceId).ifPresent(entry -> {
            log.info("unregistered {} '{}' ({} {}); {}", kind, entry.name(), entry.bundleSymbolicName(),
                    entry.bundleVersion(), afterLoss(kind, entry.name(), table.best(kind, entry.name())));
            notifyListeners(kind, entry.name());
        });
    }

    /** What lookups of a name answer once a provider has left it. */
    private String afterLoss(StrategyKind<?> kind, String name, Optional<StrategyTable.Entry> now) {
        if (now.isPresent()) {
            return now.get().bundleSymbolicName() + " " + now.get().bundleVersion() + " takes over";
        }
        String fallback = config.defaultName(kind);
        return "no provider of '" + name + "' is left" + (name.equals(fallback) ? " and it is the cluster default"
                : ", lookups fall back to the default '" + fallback + "'");
    }

    private void notifyListeners(StrategyKind<?> kind, String name) {
        for (StrategyListener listener : listeners) {
            try {
                listener.strategyChanged(kind, name);
            } catch (RuntimeException e) {
                log.error("strategy listener {} failed on a change of {} '{}'", listener, kind, name, e);
            }
        }
    }

    /**
     * New properties of a bound service ({@code ServiceRegistration.setProperties}). Handled as one replacement,
     * not as unbind then bind: a running job told of the unbind would fall back to the default and be swapped back
     * at the bind, re-creating its strategy twice for a service that never went away. Listeners hear of a name
     * only when its provider actually changed, so a new description or a ranking that changes no preference is silent.
     */
    private void changed(StrategyKind<?> kind, ServiceReference<?> reference, Object service) {
        Optional<StrategyTable.Entry> parsed = entry(kind, reference, service);
        if (parsed.isEmpty()) {
            removed(kind, reference); // its new name is no strategy name: to lookups it has gone
            return;
        }
        StrategyTable.Change change = table.replace(parsed.get());
        StrategyTable.Entry entry = change.entry();
        if (change.previous().isEmpty()) { // it had been ignored for a bad name and now has a good one
            log.info("registered {} '{}' from {} {} (service {}, its properties now name it); {}", kind, entry.name(),
                    entry.bundleSymbolicName(), entry.bundleVersion(), entry.serviceId(), afterUpdate(change, entry.name()));
            notifyIfProviderChanged(change, entry.name());
            return;
        }
        StrategyTable.Entry previous = change.previous().get();
        if (previous.name().equals(entry.name())) {
            log.info("updated {} '{}' from {} {} (service {}, ranking {} -> {}); {}", kind, entry.name(),
                    entry.bundleSymbolicName(), entry.bundleVersion(), entry.serviceId(), previous.ranking(),
                    entry.ranking(), afterUpdate(change, entry.name()));
            notifyIfProviderChanged(change, entry.name());
        } else {
            log.info("renamed {} '{}' to '{}' ({} {}, service {}); '{}': {}; '{}': {}", kind, previous.name(),
                    entry.name(), entry.bundleSymbolicName(), entry.bundleVersion(), entry.serviceId(),
                    previous.name(), afterUpdate(change, previous.name()), entry.name(), afterUpdate(change, entry.name()));
            // the old name first: its followers fall back while the new name already resolves
            notifyIfProviderChanged(change, previous.name());
            notifyIfProviderChanged(change, entry.name());
        }
    }

    /** What lookups of a name answer after an update, against what they answered before it. */
    private String afterUpdate(StrategyTable.Change change, String name) {
        Optional<StrategyTable.Entry> before = change.bestBefore(name);
        Optional<StrategyTable.Entry> now = change.bestAfter(name);
        if (sameProvider(before, now)) {
            return now.map(n -> "lookups still resolve to " + n.bundleSymbolicName() + " " + n.bundleVersion()
                    + (n.serviceId() == change.entry().serviceId() ? "" : " (service " + n.serviceId() + ")"))
                    .orElse("no provider either way");
        }
        if (now.isEmpty()) {
            return afterLoss(change.entry().kind(), name, now);
        }
        if (now.get().serviceId() == change.entry().serviceId()) {
            return before.map(b -> "it replaces " + b.bundleSymbolicName() + " " + b.bundleVersion()
                    + " (service " + b.serviceId() + ")").orElse("it is the only provider");
        }
        return afterLoss(change.entry().kind(), name, now) + " (service " + now.get().serviceId() + ")";
    }

    private void notifyIfProviderChanged(StrategyTable.Change change, String name) {
        if (!sameProvider(change.bestBefore(name), change.bestAfter(name))) {
            notifyListeners(change.entry().kind(), name);
        }
    }

    /** Whether a lookup answers the same service object, whatever properties that service now has. */
    private static boolean sameProvider(Optional<StrategyTable.Entry> a, Optional<StrategyTable.Entry> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return a.get().serviceId() == b.get().serviceId() && a.get().service() == b.get().service();
    }

    // DS needs one bind/updated/unbind triple per reference; each forwards to the generic handlers above.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NAMED, unbind = "removeScheduler",
            updated = "updateScheduler")
    void addScheduler(ServiceReference<SchedulingStrategyFactory> ref, SchedulingStrategyFactory service) {
        added(StrategyKind.SCHEDULER, ref, service);
    }

    void updateScheduler(ServiceReference<SchedulingStrategyFactory> ref, SchedulingStrategyFactory service) {
        changed(StrategyKind.SCHEDULER, ref, service);
    }

    void removeScheduler(ServiceReference<SchedulingStrategyFactory> ref) {
        removed(StrategyKind.SCHEDULER, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NAMED, unbind = "removeSlotMatcher",
            updated = "updateSlotMatcher")
    void addSlotMatcher(ServiceReference<SlotMatchingStrategy> ref, SlotMatchingStrategy service) {
        added(StrategyKind.SLOT_MATCHER, ref, service);
    }

    void updateSlotMatcher(ServiceReference<SlotMatchingStrategy> ref, SlotMatchingStrategy service) {
        changed(StrategyKind.SLOT_MATCHER, ref, service);
    }

    void removeSlotMatcher(ServiceReference<SlotMatchingStrategy> ref) {
        removed(StrategyKind.SLOT_MATCHER, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NAMED, unbind = "removeFailover",
            updated = "updateFailover")
    void addFailover(ServiceReference<FailoverStrategyFactory> ref, FailoverStrategyFactory service) {
        added(StrategyKind.FAILOVER, ref, service);
    }

    void updateFailover(ServiceReference<FailoverStrategyFactory> ref, FailoverStrategyFactory service) {
        changed(StrategyKind.FAILOVER, ref, service);
    }

    void removeFailover(ServiceReference<FailoverStrategyFactory> ref) {
        removed(StrategyKind.FAILOVER, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NAMED, unbind = "removeRestart",
            updated = "updateRestart")
    void addRestart(ServiceReference<RestartBackoffStrategyFactory> ref, RestartBackoffStrategyFactory service) {
        added(StrategyKind.RESTART, ref, service);
    }

    void updateRestart(ServiceReference<RestartBackoffStrategyFactory> ref, RestartBackoffStrategyFactory service) {
        changed(StrategyKind.RESTART, ref, service);
    }

    void removeRestart(ServiceReference<RestartBackoffStrategyFactory> ref) {
        removed(StrategyKind.RESTART, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NAMED, unbind = "removeResourceProvider",
            updated = "updateResourceProvider")
    void addResourceProvider(ServiceReference<ResourceProvider> ref, ResourceProvider service) {
        added(StrategyKind.RESOURCE_PROVIDER, ref, service);
    }

    void updateResourceProvider(ServiceReference<ResourceProvider> ref, ResourceProvider service) {
        changed(StrategyKind.RESOURCE_PROVIDER, ref, service);
    }

    void removeResourceProvider(ServiceReference<ResourceProvider> ref) {
        removed(StrategyKind.RESOURCE_PROVIDER, ref);
    }
}
