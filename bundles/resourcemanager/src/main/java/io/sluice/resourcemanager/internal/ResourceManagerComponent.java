package io.sluice.resourcemanager.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.slot.FreeSlotIndex;
import io.sluice.api.slot.ProfileBucketIndex;
import io.sluice.api.slot.SlotMatchingStrategy;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.ThreadMainThreadExecutor;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs the cluster's one ResourceManager in the platform: its own main thread, the slot matcher and
 * resource provider the registry resolves (re-resolved when their plugins change, so a swapped matcher serves
 * the next request), settings from {@code conf/io.sluice.resourcemanager.cfg} applied without a restart. It only
 * serves its endpoints: TaskExecutors and JobMasters reach it through the process's leader endpoint, so stopping
 * and starting this bundle leaves them running; TaskExecutors register again with their slots at once (their
 * watch on the old endpoint fires) and JobMasters send their pending requests again.
 */
@Component(immediate = true, configurationPid = ResourceManagerConfig.PID)
@Designate(ocd = ResourceManagerConfig.Config.class)
public class ResourceManagerComponent {
    private final StrategyRegistry registry;
    private final Logger log;
    private final ThreadMainThreadExecutor mainThread = new ThreadMainThreadExecutor("sluice-resourcemanager");
    private final ResourceManager resourceManager;
    private final StrategyListener listener = this::strategyChanged;
    private volatile ResourceProvider provider;
    private volatile String matcherName;

    @Activate
    public ResourceManagerComponent(@Reference StrategyRegistry registry,
            @Reference RpcService rpc, @Reference(target = ProcessRole.MASTER_OR_EMBEDDED) ProcessRole.Service role,
            @Reference(service = LoggerFactory.class) Logger log,
            Map<String, Object> properties) {
        this.registry = registry;
        this.log = log;
        ResourceManagerSettings settings;
        try {
            settings = ResourceManagerConfig.parse(properties);
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, using the defaults: {}", ConfigurationSource.describe(properties), e.getMessage());
            settings = ResourceManagerConfig.parse(Map.of());
        }
        this.provider = resolveProvider();
        this.resourceManager = new ResourceManager(rpc, mainThread, resolveIndex(), () -> provider, settings, log::info);
        registry.addListener(listener);
        log.info("ResourceManager started: {}", settings);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            ResourceManagerSettings settings = ResourceManagerConfig.parse(properties);
            mainThread.execute(() -> resourceManager.reconfigure(settings));
            log.info("ResourceManager reconfigured: {}", settings);
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, the running settings stay: {}", ConfigurationSource.describe(properties),
                    e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        registry.removeListener(listener);
        resourceManager.closeEndpoints();
        mainThread.execute(resourceManager::stop);
        mainThread.close();
        log.info("ResourceManager stopped; TaskExecutors and JobMasters keep running and register at the next one");
    }

    private void strategyChanged(StrategyKind<?> kind, String name) {
        if (kind == StrategyKind.RESOURCE_PROVIDER) {
            provider = resolveProvider();
        } else if (kind == StrategyKind.SLOT_MATCHER && (name.equals(matcherName)
                || name.equals(registry.defaultName(StrategyKind.SLOT_MATCHER)))) {
            FreeSlotIndex index = resolveIndex();
            mainThread.execute(() -> resourceManager.replaceSlotIndex(index));
        }
    }

    /** The configured matcher's index; any-fit semantics when no matcher plugin is registered at all. */
    private FreeSlotIndex resolveIndex() {
        Optional<ResolvedStrategy<SlotMatchingStrategy>> matcher =
                registry.find(StrategyKind.SLOT_MATCHER, registry.defaultName(StrategyKind.SLOT_MATCHER));
        if (matcher.isEmpty()) {
            // usual while the platform starts: the plugin registers a moment later and replaces this index
            log.info("slot-matcher '{}' is not registered (yet); matching any fitting slot until it is",
                    registry.defaultName(StrategyKind.SLOT_MATCHER));
            matcherName = null;
            return new ProfileBucketIndex(null);
        }
        matcherName = matcher.get().name();
        log.info("slot-matcher '{}' from {}", matcherName, matcher.get().plugin().bundle());
        return matcher.get().service().createIndex();
    }

    private ResourceProvider resolveProvider() {
        String name = registry.defaultName(StrategyKind.RESOURCE_PROVIDER);
        Optional<ResolvedStrategy<ResourceProvider>> resolved = registry.find(StrategyKind.RESOURCE_PROVIDER, name);
        resolved.ifPresentOrElse(
                r -> log.info("resource-provider '{}' from {}", name, r.plugin().bundle()),
                () -> log.info("resource-provider '{}' is not registered (yet); no workers are started until it is", name));
        return resolved.map(ResolvedStrategy::service).orElse(null);
    }

}
