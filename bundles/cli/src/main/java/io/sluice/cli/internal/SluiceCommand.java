package io.sluice.cli.internal;

import io.sluice.registry.StrategyRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code sluice} command; each subcommand is a nested class. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "Sluice 0.1.0",
        description = "A plugin-first runtime for dataflow jobs.",
        footer = {"", "'sluice start' runs the platform in the foreground; in its shell, 'sluice:plugins' lists plugins."},
        subcommands = {SluiceCommand.Plugins.class})
final class SluiceCommand implements Runnable {
    private final StrategyRegistry registry;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    SluiceCommand(StrategyRegistry registry) {
        this.registry = registry;
    }

    /** Builds the command line, with subcommands that get the platform's services. */
    static CommandLine commandLine(StrategyRegistry registry, PrintWriter out, PrintWriter err) {
        SluiceCommand root = new SluiceCommand(registry);
        CommandLine commandLine = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == Plugins.class) {
                    return type.cast(new Plugins(root));
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
        private final SluiceCommand root;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        Plugins(SluiceCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(PluginTable.render(root.registry.plugins()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
