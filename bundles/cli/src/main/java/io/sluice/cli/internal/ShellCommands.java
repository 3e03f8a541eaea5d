package io.sluice.cli.internal;

import io.sluice.registry.StrategyRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The sluice commands in the Gogo shell: {@code sluice:plugins}. */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=sluice", "osgi.command.function=plugins"})
public class ShellCommands {
    private final StrategyRegistry registry;

    @Activate
    public ShellCommands(@Reference StrategyRegistry registry) {
        this.registry = registry;
    }

    /** Lists every strategy plugin, as {@code ./sluice plugins} does. */
    public String plugins() {
        return PluginTable.render(registry.plugins());
    }
}
