package io.sluice.cli.internal;

import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.StrategyRegistry;
import java.io.PrintWriter;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code sluice} command; each subcommand is a nested class. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "Sluice 0.1.0",
        description = "A plugin-first runtime for dataflow jobs.",
        footer = {"", "'sluice start' runs the platform in the foreground; in its shell, 'sluice:plugins' lists plugins."},
        subcommands = {RunCommand.class, SluiceCommand.Plugins.class, PlanCommand.class, SluiceCommand.ConfigReferenceCommand.class})
final class SluiceCommand implements Runnable {
    private final Platform platform;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The services of the running platform that commands use. */
    record Platform(BundleContext context, StrategyRegistry registry, MetaTypeService metaType,
            OperatorCatalog operators) {
    }

    SluiceCommand(Platform platform) {
        this.platform = platform;
    }

    /** Builds the command line, with subcommands that get the platform's services. */
    static CommandLine commandLine(Platform platform, PrintWriter out, PrintWriter err) {
        SluiceCommand root = new SluiceCommand(platform);
        CommandLine commandLine = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == Plugins.class) {
                    return type.cast(new Plugins(root.platform));
                }
                if (type == PlanCommand.class) {
                    return type.cast(new PlanCommand(root.platform.registry(), root.platform.operators()));
                }
                if (type == RunCommand.class) {
                    return type.cast(new RunCommand(root.platform.context(), root.platform.registry(), root.platform.operators()));
                }
                if (type == ConfigReferenceCommand.class) {
                    return type.cast(new ConfigReferenceCommand(root.platform));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "plugins", description = "List every strategy plugin: kind, name, version, bundle and state.")
    static final class Plugins implements Callable<Integer> {
        private final Platform platform;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        Plugins(Platform platform) {
            this.platform = platform;
        }

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(PluginTable.render(platform.registry().plugins()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "config-reference",
            description = "Print the configuration reference (docs/configuration.md) from the bundles' metatype.")
    static final class ConfigReferenceCommand implements Callable<Integer> {
        private final Platform platform;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        ConfigReferenceCommand(Platform platform) {
            this.platform = platform;
        }

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigReference.render(platform.context(), platform.metaType()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
