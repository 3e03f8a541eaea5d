package io.sluice.cli.internal;

import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The sluice commands in the Gogo shell: {@code sluice:plugins}, {@code sluice:workers}, {@code sluice:configreference}. */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=sluice",
        "osgi.command.function=plugins", "osgi.command.function=workers", "osgi.command.function=configreference"})
public class ShellCommands {
    private final StrategyRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ResourceManagerGateway resourceManager;
    private final MetaTypeService metaType;
    private final BundleContext context;

    @Activate
    public ShellCommands(@Reference StrategyRegistry registry, @Reference MetaTypeService metaType,
            BundleContext context) {
        this.registry = registry;
        this.metaType = metaType;
        this.context = context;
    }

    /** Every worker with its slots (free, or allocated to which job) and the pending slot requests with their age. */
    public String workers() throws Exception {
        ResourceManagerGateway current = resourceManager;
        if (current == null) {
            return "no ResourceManager is running" + System.lineSeparator();
        }
        return WorkerTable.render(current.requestClusterStatus().get(10, TimeUnit.SECONDS));
    }

    /** The configuration reference, as {@code ./sluice config-reference} prints it. */
    public String configreference() {
        return ConfigReference.render(context, metaType);
    }

    /** Lists every strategy plugin, as {@code ./sluice plugins} does. */
    public String plugins() {
        return PluginTable.render(registry.plugins());
    }
}
