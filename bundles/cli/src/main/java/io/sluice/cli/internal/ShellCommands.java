package io.sluice.cli.internal;

import io.sluice.registry.StrategyRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The sluice commands in the Gogo shell: {@code sluice:plugins}, {@code sluice:configreference}. */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=sluice",
        "osgi.command.function=plugins", "osgi.command.function=configreference"})
public class ShellCommands {
    private final StrategyRegistry registry;
    private final MetaTypeService metaType;
    private final BundleContext context;

    @Activate
    public ShellCommands(@Reference StrategyRegistry registry, @Reference MetaTypeService metaType,
            BundleContext context) {
        this.registry = registry;
        this.metaType = metaType;
        this.context = context;
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
